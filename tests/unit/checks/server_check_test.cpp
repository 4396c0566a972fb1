// The server check's volumes as it observes them through the Env: a full or unreadable disk is
// produced by a fake Env, without filling a disk or taking permissions away (root not needed).
#include "checks/server_check.h"

#include <catch2/catch.hpp>

#include "tests/unit/fake_env.h"

namespace jaga::checks {
namespace {

const config::VolumeConfig kData{"data", "/var/lib/mysql", 15.0, 5.0};

TEST_CASE("a volume the Env reports 2% free is observed so and judged CRIT",
          "[unit][server][env]") {
  const SystemClock wall;
  testing::FakeEnv env(wall);
  env.set_volume(kData.path, VolumeSpace{100e9, 2e9});
  const VolumeObservation seen = observe_volume(env, kData);
  CHECK(seen.error.empty());
  CHECK(seen.total_bytes == 100e9);
  CHECK(seen.free_bytes == 2e9);
  const CheckResult r = judge_servers({}, {seen}, config::ServerCheckConfig{});
  bool crit = false;
  for (const Finding& f : r.findings) {
    crit = crit || (f.status == Status::kCrit &&
                    f.message == "volume 'data' (/var/lib/mysql) has only 2.0% free (1.9 GiB)");
  }
  CHECK(crit);
}

TEST_CASE("a volume the Env cannot read is UNKNOWN with the path and the reason",
          "[unit][server][env]") {
  const SystemClock wall;
  testing::FakeEnv env(wall);
  env.fail_volume(kData.path, "Permission denied");
  const VolumeObservation seen = observe_volume(env, kData);
  CHECK(seen.error == "Permission denied");
  const CheckResult r = judge_servers({}, {seen}, config::ServerCheckConfig{});
  bool named = false;
  for (const Finding& f : r.findings) {
    named = named || (f.status == Status::kUnknown &&
                      f.message ==
                          "volume 'data' (/var/lib/mysql): cannot read free space: "
                          "Permission denied");
  }
  CHECK(named);
}

}  // namespace
}  // namespace jaga::checks
