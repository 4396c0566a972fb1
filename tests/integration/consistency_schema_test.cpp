// Schema first, per-table errors and resume limits (issue 13): differences in the definitions of
// the two servers are findings of their own, one table's problem never stops the others, and an
// interrupted run is continued only while it is young and never reports a carried difference
// without comparing it again.
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "checks/consistency_check.h"
#include "tests/integration/consistency_scratch.h"

namespace jaga::test {
namespace {

using Differences = std::vector<std::string>;

checks::CheckResult check(const config::Config& config = ScratchSchema::config()) {
  checks::ConsistencyCheck consistency;
  return run_check(consistency, config);
}

// The schema differences of a result as "kind name", sorted.
std::vector<std::string> schema_differences(const checks::CheckResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.evidence.at("schema").at("differences")) {
    out.push_back(d.at("kind").get<std::string>() + " " + d.at("name").get<std::string>());
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool has_finding(const checks::CheckResult& r, Status status, const std::string& text) {
  return std::any_of(r.findings.begin(), r.findings.end(), [&](const checks::Finding& f) {
    return f.status == status && f.message.find(text) != std::string::npos;
  });
}

// Checkpoints kept in memory that remember every state saved, so a test can continue a run from
// any point of an earlier one.
class MemoryCheckpoints final : public checks::Checkpoints {
 public:
  std::optional<nlohmann::json> load(const std::string&) override { return state; }
  Result<void> save(const std::string&, const nlohmann::json& s) override {
    saved.push_back(s);
    state = s;
    return Ok();
  }
  Result<void> clear(const std::string&) override {
    state.reset();
    return Ok();
  }
  std::vector<nlohmann::json> saved;
  std::optional<nlohmann::json> state;
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(TimePoint now) : now_(now) {}
  TimePoint now() const override { return now_; }

 private:
  TimePoint now_;
};

checks::CheckResult check_with(const config::Config& config, checks::Checkpoints& kept,
                               const Clock& clock) {
  db::Servers servers(config.primary, config.backup);
  SystemEnv env;
  checks::CheckContext context{config, servers, clock, &kept, false, env};
  checks::ConsistencyCheck consistency;
  return consistency.run(context);
}

}  // namespace

TEST_CASE("consistency: identical schemas are said to be compared", "[consistency][schema]") {
  ScratchSchema scratch;
  create_people(scratch, "biodata", 100);
  scratch.on_primary("CREATE VIEW jaga_ctest.v AS SELECT nik FROM jaga_ctest.biodata");
  scratch.on_primary(
      "CREATE TRIGGER jaga_ctest.t BEFORE INSERT ON jaga_ctest.biodata FOR EACH ROW SET "
      "NEW.alamat = TRIM(NEW.alamat)");
  scratch.on_primary("CREATE PROCEDURE jaga_ctest.p() SELECT 1");
  scratch.catch_up();
  const auto r = check();
  INFO(r.summary);
  CHECK(r.status == Status::kOk);
  CHECK(schema_differences(r).empty());
  CHECK(r.evidence.at("schema").at("not_compared").empty());
  CHECK_THAT(r.summary, Catch::Contains("schemas identical"));
}

TEST_CASE("consistency: a table only on the backup is CRIT naming it", "[consistency][schema]") {
  ScratchSchema scratch;
  create_people(scratch, "biodata", 100);
  scratch.catch_up();
  scratch.on_backup_only("CREATE TABLE jaga_ctest.siluman (nik CHAR(16) PRIMARY KEY) SELECT '" +
                         nik(7) + "' nik");
  const auto r = check();
  INFO(r.summary);
  CHECK(r.status == Status::kCrit);
  CHECK(schema_differences(r) == Differences{"table jaga_ctest.siluman"});
  CHECK(has_finding(r, Status::kCrit, "table jaga_ctest.siluman exists only on the backup"));
  CHECK(differences(r, "biodata").empty());
}

TEST_CASE("consistency: an extra column, a type change and a collation change on the backup",
          "[consistency][schema]") {
  ScratchSchema scratch;
  create_people(scratch, "biodata", 300);
  scratch.on_primary(
      "CREATE TABLE jaga_ctest.uang (id INT PRIMARY KEY, nilai DECIMAL(10,2) NOT NULL, "
      "ket VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL)");
  scratch.on_primary(
      "INSERT INTO jaga_ctest.uang SELECT seq, seq / 7, 'x' FROM jaga_ctest.seq_1_to_1000");
  scratch.catch_up();
  scratch.on_backup_only("ALTER TABLE jaga_ctest.biodata ADD COLUMN agama VARCHAR(10) NULL");
  scratch.on_backup_only("ALTER TABLE jaga_ctest.uang MODIFY nilai DECIMAL(10,3) NOT NULL");
  scratch.on_backup_only(
      "ALTER TABLE jaga_ctest.uang MODIFY ket VARCHAR(20) CHARACTER SET utf8mb4 COLLATE "
      "utf8mb4_bin NOT NULL");
  const auto r = check();
  INFO(r.summary);
  CHECK(r.status == Status::kCrit);
  CHECK(schema_differences(r) == Differences{"column jaga_ctest.biodata.agama",
                                             "column jaga_ctest.uang.ket",
                                             "column jaga_ctest.uang.nilai"});
  CHECK(has_finding(r, Status::kCrit,
                    "column jaga_ctest.uang.nilai differs: primary "
                    "decimal(10,2) NOT NULL (no default), backup decimal(10,3)"));
  // The rows are compared on the columns both hold with the same type: one schema finding, not
  // a thousand "different" rows.
  CHECK(differences(r, "uang").empty());
  CHECK(table_evidence(r.evidence, "uang").at("rows") == 1000);
  CHECK(r.evidence.at("schema").at("columns_left_out").at("jaga_ctest.uang") ==
        nlohmann::json{"nilai"});
  CHECK(differences(r, "biodata").empty());
  CHECK(table_evidence(r.evidence, "biodata").at("rows") == 300);
}

TEST_CASE("consistency: a changed view, a trigger and a routine only on the backup WARN",
          "[consistency][schema]") {
  ScratchSchema scratch;
  create_people(scratch, "biodata", 100);
  scratch.on_primary("CREATE VIEW jaga_ctest.v AS SELECT nik FROM jaga_ctest.biodata");
  scratch.catch_up();
  scratch.on_backup_only(
      "CREATE OR REPLACE VIEW jaga_ctest.v AS SELECT nik, nama FROM "
      "jaga_ctest.biodata");
  scratch.on_backup_only(
      "CREATE TRIGGER jaga_ctest.salin AFTER UPDATE ON jaga_ctest.biodata FOR EACH ROW SET "
      "@terakhir = NEW.nik");
  scratch.on_backup_only("CREATE FUNCTION jaga_ctest.f() RETURNS INT DETERMINISTIC RETURN 1");
  const auto r = check();
  INFO(r.summary);
  CHECK(r.status == Status::kWarn);
  CHECK(schema_differences(r) == Differences{"routine jaga_ctest.f (FUNCTION)",
                                             "trigger jaga_ctest.salin", "view jaga_ctest.v"});
  CHECK(has_finding(r, Status::kWarn, "view jaga_ctest.v differs"));
  CHECK(has_finding(r, Status::kWarn, "trigger jaga_ctest.salin exists only on the backup"));
}

TEST_CASE("consistency: triggers the account may not see are not compared, and it says so",
          "[consistency][schema]") {
  ScratchSchema scratch;
  create_people(scratch, "biodata", 100);
  scratch.on_primary(fmt::format("REVOKE TRIGGER ON jaga_ctest.* FROM {}", kMonitoringAccount));
  scratch.catch_up();
  scratch.on_backup_only(
      "CREATE TRIGGER jaga_ctest.salin AFTER UPDATE ON jaga_ctest.biodata FOR EACH ROW SET "
      "@terakhir = NEW.nik");
  const auto r = check();
  INFO(r.summary);
  CHECK(r.status == Status::kOk);
  CHECK(r.evidence.at("schema").at("not_compared") == nlohmann::json{"triggers (GRANT TRIGGER)"});
  CHECK_THAT(r.summary, Catch::Contains("not compared: triggers (GRANT TRIGGER)"));
}

TEST_CASE("consistency: a column missing on the backup blocks nothing, drift elsewhere is CRIT",
          "[consistency][schema]") {
  ScratchSchema scratch;
  create_people(scratch, "anak", 200);
  create_people(scratch, "biodata", 200);
  create_people(scratch, "keluarga", 200);
  scratch.catch_up();
  scratch.on_backup_only("ALTER TABLE jaga_ctest.anak DROP COLUMN alamat");
  scratch.on_backup_only("DELETE FROM jaga_ctest.keluarga WHERE nik = '" + nik(700) + "'");
  for (const char* where : {"server", "agent"}) {
    config::Config config = ScratchSchema::config();
    config.consistency_check.digest_where = where;
    const auto r = check(config);
    INFO(where << ": " << r.summary);
    CHECK(r.status == Status::kCrit);
    CHECK(has_finding(r, Status::kCrit, "column jaga_ctest.anak.alamat is missing on the backup"));
    CHECK(has_finding(r, Status::kCrit, "jaga_ctest.keluarga: 1 row differs"));
    CHECK(differences(r, "keluarga") == Differences{"missing_on_backup " + nik(700)});
    CHECK(differences(r, "anak").empty());
    CHECK(table_evidence(r.evidence, "anak").at("rows") == 200);
    CHECK(table_evidence(r.evidence, "biodata").at("rows") == 200);
  }
}

TEST_CASE("consistency: a table the backup cannot read is UNKNOWN, the others still compared",
          "[consistency][schema]") {
  ScratchSchema scratch;
  create_people(scratch, "anak", 200);
  create_people(scratch, "biodata", 200);
  scratch.catch_up();
  // The same definition on both servers, but the backup's rows cannot be read: its tablespace
  // is gone, a refusal of this one table while both servers are healthy.
  scratch.on_backup_only("ALTER TABLE jaga_ctest.anak DISCARD TABLESPACE");
  scratch.on_backup_only("DELETE FROM jaga_ctest.biodata WHERE nik = '" + nik(30) + "'");
  const auto r = check();
  INFO(r.summary);
  CHECK(r.status == Status::kCrit);
  CHECK(has_finding(r, Status::kCrit, "jaga_ctest.biodata: 1 row differs"));
  CHECK(differences(r, "biodata") == Differences{"missing_on_backup " + nik(30)});
  CHECK(has_finding(r, Status::kUnknown, "jaga_ctest.anak was not compared"));
  CHECK(table_evidence(r.evidence, "anak").at("error") != "");
}

TEST_CASE("consistency: an interrupted run older than the limit starts over and says so",
          "[consistency][schema][resume]") {
  ScratchSchema scratch;
  create_people(scratch, "biodata", 5000);
  scratch.catch_up();
  config::Config config = ScratchSchema::config();
  config.consistency_check.chunk_time_target_seconds = 0.0001;  // many small chunks
  const TimePoint start = std::chrono::system_clock::now();
  MemoryCheckpoints kept;
  REQUIRE(check_with(config, kept, FixedClock(start)).status == Status::kOk);
  REQUIRE(kept.saved.size() > 2);

  // The state of a run stopped after its first batch, continued 7 hours later.
  kept.state = kept.saved.front();
  const auto late = check_with(config, kept, FixedClock(start + std::chrono::hours(7)));
  INFO(late.summary);
  CHECK(late.status == Status::kOk);
  CHECK(late.evidence.at("resumed") == false);
  CHECK_THAT(late.evidence.value("resume_discarded", ""), Catch::Contains("older than 6 h"));
  CHECK_THAT(late.summary, Catch::Contains("was not continued"));
  CHECK(table_evidence(late.evidence, "biodata").at("rows") == 5000);

  // The same state one hour later is continued, and the verdict says which run it continues.
  kept.state = kept.saved.front();
  const auto soon = check_with(config, kept, FixedClock(start + std::chrono::hours(1)));
  INFO(soon.summary);
  CHECK(soon.evidence.at("resumed") == true);
  CHECK_THAT(soon.summary, Catch::Contains("continued run started at " + format_utc(start)));
  CHECK(table_evidence(soon.evidence, "biodata").at("rows") == 5000);
}

TEST_CASE("consistency: a difference carried over from an interrupted run is compared again",
          "[consistency][schema][resume]") {
  ScratchSchema scratch;
  create_people(scratch, "anak", 100);
  create_people(scratch, "biodata", 5000);
  scratch.catch_up();
  scratch.on_backup_only("UPDATE jaga_ctest.anak SET nama = 'Lain' WHERE nik = '" + nik(50) + "'");
  config::Config config = ScratchSchema::config();
  config.consistency_check.chunk_time_target_seconds = 0.0001;
  const TimePoint start = std::chrono::system_clock::now();
  MemoryCheckpoints kept;
  REQUIRE(check_with(config, kept, FixedClock(start)).status == Status::kCrit);
  // A state saved once `anak` was finished with its difference, while biodata was under way.
  std::optional<nlohmann::json> after_anak;
  for (const auto& s : kept.saved) {
    if (s.at("done").size() == 1 && !s.at("done")[0].at("differences").empty()) {
      after_anak = s;
      break;
    }
  }
  REQUIRE(after_anak);

  // Repaired in the meantime: the continued run must not report it.
  scratch.on_backup_only("UPDATE jaga_ctest.anak SET nama = 'Warga 5' WHERE nik = '" + nik(50) +
                         "'");
  kept.state = after_anak;
  const auto r = check_with(config, kept, FixedClock(start + std::chrono::minutes(30)));
  INFO(r.summary);
  CHECK(r.status == Status::kOk);
  CHECK(r.evidence.at("resumed") == true);
  CHECK(differences(r, "anak").empty());
  CHECK_THAT(r.summary, Catch::Contains("1 carried difference compared again"));
}

}  // namespace jaga::test
