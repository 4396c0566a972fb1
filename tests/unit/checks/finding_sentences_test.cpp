// Issue 16: what the checks really record can be said in Indonesian. Each judge is given
// observations that produce its findings, and every finding that is not OK must have a sentence
// of its own (a kind with the parameters its sentence needs), never the plain fallback.
#include <catch2/catch.hpp>

#include "checks/consistency_judge.h"
#include "checks/replication_judge.h"
#include "checks/security_check.h"
#include "report/finding_text.h"

namespace jaga::checks {
namespace {

void every_finding_is_said(const CheckResult& r) {
  CHECK_FALSE(r.findings.empty());
  for (const Finding& f : r.findings) {
    INFO(f.message << " (" << finding_kind_name(f.kind) << " " << f.params.dump() << ")");
    CHECK(f.kind != FindingKind::kUnclassified);
    CHECK(report::indonesian_finding(f).has_value());
  }
}

ReplicationObservation broken_replica() {
  ReplicationObservation seen;
  seen.label = "backup 127.0.0.2:3306";
  seen.status.configured = true;
  seen.status.source_host = "127.0.0.1";
  seen.status.source_port = 3306;
  seen.status.io_running = "No";
  seen.status.last_io_errno = 2003;
  seen.status.last_io_error = "cannot connect";
  seen.status.sql_running = "No";
  seen.status.last_sql_errno = 1062;
  seen.status.last_sql_error = "Duplicate entry '3322010101010001'";
  seen.status.using_gtid = false;
  seen.gtids = db::GtidComparison{};
  seen.gtids->gap = 200000;
  seen.gtids->errant = {"0-2-57"};
  return seen;
}

}  // namespace

TEST_CASE("every finding of the replication judge has its Indonesian sentence",
          "[findings][checks]") {
  const config::ReplicationCheckConfig cfg;
  every_finding_is_said(judge_replication(broken_replica(), cfg));
  ReplicationObservation seen = broken_replica();
  seen.status.io_running = "Yes";
  seen.status.sql_running = "Yes";
  seen.status.seconds_behind = 4000;
  seen.heartbeat = HeartbeatObservation{};
  seen.heartbeat->waited = 12;
  every_finding_is_said(judge_replication(seen, cfg));
  seen = {};
  seen.backup_unreachable = "cannot connect";
  every_finding_is_said(judge_replication(seen, cfg));
  // A saturated gap (a position that cannot be counted) is CRIT, never a negative number.
  seen = broken_replica();
  seen.gtids->gap = UINT64_MAX;
  seen.gtids->errant.clear();
  const CheckResult saturated = judge_replication(seen, cfg);
  bool gap_found = false;
  for (const Finding& f : saturated.findings) {
    if (f.kind == FindingKind::kGtidGap) gap_found = f.status == Status::kCrit;
  }
  CHECK(gap_found);
}

TEST_CASE("every finding of the security judge has its Indonesian sentence", "[findings][checks]") {
  std::vector<Account> accounts(4);
  accounts[0].user = "";
  accounts[0].host = "localhost";
  accounts[1].user = "app";
  accounts[1].host = "%";
  accounts[1].no_password = true;
  accounts[2].user = "root";
  accounts[2].host = "10.0.0.9";
  accounts[3].user = "ops";
  accounts[3].host = "10.0.0.%";
  CheckResult r;
  judge_accounts(r, "backup", "backup 127.0.0.2:3306", accounts, config::SecurityCheckConfig{});
  every_finding_is_said(r);
  // No account name or host of the English messages is a parameter.
  for (const Finding& f : r.findings) CHECK(f.params.dump().find("10.0.0") == std::string::npos);
}

}  // namespace jaga::checks
