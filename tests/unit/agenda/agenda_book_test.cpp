// The agenda book's hash chain in a real evidence store, tampered with through a second SQLite
// connection as someone with the file would: every edit, deletion, insertion and reordering is
// detected and the entry named.
#include "agenda/agenda_book.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <map>

#include "store/evidence_store.h"
#include "store/sqlite_statement.h"
#include "tests/unit/temp_dir.h"

namespace jaga::agenda {
namespace {

using Catch::Contains;

const TimePoint kDay = std::chrono::sys_days{std::chrono::year{2026} / 12 / 30};

struct Book {
  testing::TempDir dir;
  std::string path = dir.file("evidence.db");
  std::unique_ptr<store::EvidenceStore> store;
  std::map<std::string, RecordedReport> register_;
  NumberFormat format = NumberFormat::parse("{seq:04}/PIAK/{year}").value();
  UtcOffset zone{std::chrono::hours(7)};

  Book() {
    auto s = store::EvidenceStore::open(path);
    REQUIRE(s.ok());
    store = std::move(*s);
  }
  AgendaEntry add(const std::string& report, TimePoint at) {
    auto tx = store->transaction();
    REQUIRE(tx.began());
    NewEntry n{report,
               "daily",
               "2026-12-29",
               "2026-12-29",
               std::string(64, 'a'),
               {"apk: Andi", "sub_koord: Siti", "kabid: Budi"},
               at};
    auto e = append_entry(*store, format, zone, n);
    REQUIRE(e.ok());
    REQUIRE(tx.commit());
    register_[report] = RecordedReport{std::string(64, 'a')};
    return *e;
  }
  std::vector<Problem> verify() {
    auto entries = list_entries(*store);
    REQUIRE(entries.ok());
    return verify_entries(*entries, register_);
  }
  // Runs `sql` through a separate connection to the file, as a tamperer would.
  void tamper(const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    INFO((message ? message : ""));
    sqlite3_free(message);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
  }
  // Five entries: four in 2026 (local time) and one on 1 January 2027 local.
  void fill() {
    for (int i = 1; i <= 4; ++i) add("R" + std::to_string(i), kDay + std::chrono::hours(i));
    add("R5", kDay + std::chrono::hours(24 + 17));  // 2026-12-31T17:00Z = 2027-01-01 00:00 WIB
  }
};

std::string all(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.what + "\n";
  return out;
}

TEST_CASE("agenda numbers are sequential per year of the office's zone", "[agenda][book]") {
  Book b;
  b.fill();
  auto entries = list_entries(*b.store);
  REQUIRE(entries.ok());
  REQUIRE(entries->size() == 5);
  CHECK((*entries)[0].agenda_number == "0001/PIAK/2026");
  CHECK((*entries)[3].agenda_number == "0004/PIAK/2026");
  CHECK((*entries)[4].agenda_number == "0001/PIAK/2027");
  CHECK((*entries)[0].prev_hash == kGenesisHash);
  CHECK((*entries)[1].prev_hash == (*entries)[0].entry_hash);
  CHECK(compute_hash((*entries)[2]) == (*entries)[2].entry_hash);
  CHECK(b.verify().empty());
  auto only_2027 = list_entries(*b.store, 2027);
  REQUIRE(only_2027.ok());
  CHECK(only_2027->size() == 1);
}

TEST_CASE("an edited agenda entry is named", "[agenda][book]") {
  Book b;
  b.fill();
  b.tamper("UPDATE agenda_entries SET document_sha256 = '" + std::string(64, 'b') +
           "' WHERE position = 3");
  const std::string problems = all(b.verify());
  CHECK_THAT(problems, Contains("entry 3 (agenda number 0003/PIAK/2026, report R3): edited"));
  CHECK_THAT(problems, !Contains("entry 2 ") && !Contains("entry 4 "));
}

TEST_CASE("an edited and re-hashed agenda entry is named", "[agenda][book]") {
  Book b;
  b.fill();
  auto entries = list_entries(*b.store).value();
  AgendaEntry e = entries[1];
  e.signers = {"apk: Someone Else"};
  b.tamper("UPDATE agenda_entries SET signers = '[\"apk: Someone Else\"]', entry_hash = '" +
           compute_hash(e) + "' WHERE position = 2");
  CHECK_THAT(all(b.verify()), Contains("entry 2 (agenda number 0002/PIAK/2026, report R2): "
                                       "edited and re-hashed"));
}

TEST_CASE("a deleted agenda entry is named by its number", "[agenda][book]") {
  Book b;
  b.fill();
  b.tamper("DELETE FROM agenda_entries WHERE position = 2");
  const std::string problems = all(b.verify());
  CHECK_THAT(problems, Contains("entry 3 (agenda number 0003/PIAK/2026, report R3): the entry "
                                "recorded before it is missing from the book (deleted)"));
  CHECK_THAT(problems, Contains("number 2 of 2026 is missing before it"));
  CHECK_THAT(problems, Contains("report R2 is recorded in the report register but has no entry"));
}

TEST_CASE("deleting the last agenda entry is caught by the report register", "[agenda][book]") {
  Book b;
  b.fill();
  b.tamper("DELETE FROM agenda_entries WHERE position = 5");
  CHECK_THAT(all(b.verify()), Contains("report R5 is recorded in the report register but has "
                                       "no entry in the agenda book"));
}

TEST_CASE("an inserted agenda entry is named", "[agenda][book]") {
  Book b;
  b.fill();
  auto entries = list_entries(*b.store).value();
  // A well-formed forgery between entries 2 and 3: valid hash, chained to entry 2.
  AgendaEntry forged = entries[2];
  forged.report = "FAKE";
  forged.prev_hash = entries[1].entry_hash;
  forged.entry_hash = compute_hash(forged);
  b.tamper(
      "UPDATE agenda_entries SET position = position + 100 WHERE position >= 3;"
      "INSERT INTO agenda_entries (position, year, seq_in_year, agenda_number, recorded_at, "
      "report, period_kind, period_start, period_end, document_sha256, signers, prev_hash, "
      "entry_hash) SELECT 3, year, seq_in_year, agenda_number, recorded_at, 'FAKE', period_kind, "
      "period_start, period_end, document_sha256, signers, prev_hash, '" +
      forged.entry_hash + "' FROM agenda_entries WHERE position = 103");
  const std::string problems = all(b.verify());
  CHECK_THAT(problems, Contains("entry 3 (agenda number 0003/PIAK/2026, report FAKE): inserted"));
  CHECK_THAT(problems, !Contains("report R3): inserted"));
}

TEST_CASE("an agenda entry appended by hand is caught by the report register", "[agenda][book]") {
  Book b;
  b.fill();
  b.register_.erase("R5");  // R5 was never recorded through the chain
  CHECK_THAT(all(b.verify()),
             Contains("entry 5 (agenda number 0001/PIAK/2027, report R5): its report is not in "
                      "the report register"));
}

TEST_CASE("reordered agenda entries are named", "[agenda][book]") {
  Book b;
  b.fill();
  b.tamper(
      "UPDATE agenda_entries SET position = 99 WHERE position = 2;"
      "UPDATE agenda_entries SET position = 2 WHERE position = 3;"
      "UPDATE agenda_entries SET position = 3 WHERE position = 99;");
  const std::string problems = all(b.verify());
  CHECK_THAT(problems, Contains("entry 2 (agenda number 0003/PIAK/2026, report R3): out of order"));
  CHECK_THAT(problems, Contains("entry 3 (agenda number 0002/PIAK/2026, report R2): out of order"));
  CHECK_THAT(problems, !Contains("report R4): out of order"));
}

}  // namespace
}  // namespace jaga::agenda
