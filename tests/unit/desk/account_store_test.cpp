#include "desk/account_store.h"

#include <catch2/catch.hpp>

#include "desk/password.h"
#include "tests/unit/temp_dir.h"

namespace jaga::desk {
namespace {

using namespace std::chrono_literals;
const TimePoint kNoon = TimePoint(std::chrono::seconds(1796461200));

struct Fixture {
  testing::TempDir dir;
  std::unique_ptr<store::EvidenceStore> evidence = open();
  AccountStore accounts{*evidence};

  std::unique_ptr<store::EvidenceStore> open() {
    auto s = store::EvidenceStore::open(dir.path() + "/evidence.db");
    REQUIRE(s);
    return std::move(*s);
  }
  Fixture() { REQUIRE(accounts.add({"kabid", "kabid-1", "kabid", "$argon2id$x", false}, kNoon)); }
};

}  // namespace

TEST_CASE("a session is found by its token and not by its stored hash", "[unit][desk]") {
  Fixture f;
  auto s = f.accounts.open_session("kabid", "10.0.0.5", kNoon);
  REQUIRE(s);
  auto found = f.accounts.session(s->token, 30min, kNoon + 1min);
  REQUIRE(found);
  REQUIRE(*found);
  CHECK((*found)->user == "kabid");
  CHECK((*found)->csrf == s->csrf);
  auto by_hash = f.accounts.session(token_hash(s->token), 30min, kNoon + 1min);
  REQUIRE(by_hash);
  CHECK_FALSE(*by_hash);
}

TEST_CASE("a session unused for the idle time is over, a used one lives on", "[unit][desk]") {
  Fixture f;
  auto s = f.accounts.open_session("kabid", "10.0.0.5", kNoon);
  REQUIRE(s);
  REQUIRE(*f.accounts.session(s->token, 30min, kNoon + 29min));
  REQUIRE(*f.accounts.session(s->token, 30min, kNoon + 58min));
  CHECK_FALSE(*f.accounts.session(s->token, 30min, kNoon + 89min));
  CHECK_FALSE(*f.accounts.session(s->token, 30min, kNoon + 90min));
}

TEST_CASE("logout, a new password or disabling ends a session", "[unit][desk]") {
  Fixture f;
  auto a = f.accounts.open_session("kabid", "10.0.0.5", kNoon);
  auto b = f.accounts.open_session("kabid", "10.0.0.5", kNoon);
  auto c = f.accounts.open_session("kabid", "10.0.0.5", kNoon);
  REQUIRE(f.accounts.end_session(a->token));
  CHECK_FALSE(*f.accounts.session(a->token, 30min, kNoon));
  CHECK(*f.accounts.session(b->token, 30min, kNoon));
  REQUIRE(f.accounts.set_password("kabid", "$argon2id$y", kNoon));
  CHECK_FALSE(*f.accounts.session(b->token, 30min, kNoon));
  auto d = f.accounts.open_session("kabid", "10.0.0.5", kNoon);
  REQUIRE(f.accounts.set_disabled("kabid", true, kNoon));
  CHECK_FALSE(*f.accounts.session(c->token, 30min, kNoon));
  CHECK_FALSE(*f.accounts.session(d->token, 30min, kNoon));
}

TEST_CASE("a second account of one name is refused", "[unit][desk]") {
  Fixture f;
  auto again = f.accounts.add({"kabid", "kabid-2", "kabid", "$argon2id$z", false}, kNoon);
  REQUIRE_FALSE(again);
  CHECK(again.error().message == "desk user 'kabid' already exists");
}

TEST_CASE("failures are read back per subject within the window", "[unit][desk]") {
  Fixture f;
  REQUIRE(f.accounts.record_failure("user:kabid", kNoon - 20min));
  REQUIRE(f.accounts.record_failure("user:kabid", kNoon - 1min));
  REQUIRE(f.accounts.record_failure("addr:10.0.0.5", kNoon - 1min));
  auto times = f.accounts.failures("user:kabid", kNoon - 15min);
  REQUIRE(times);
  CHECK(*times == std::vector<int64_t>{epoch_seconds(kNoon - 1min)});
}

}  // namespace jaga::desk
