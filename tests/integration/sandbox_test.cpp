// The sandbox of ops/sandbox itself: what its servers must be like for the other tests to be
// reliable on a machine where several sandboxes run at once.
#include "tests/integration/sandbox.h"

#include <catch2/catch.hpp>

namespace jaga::test {

TEST_CASE("each sandbox server keeps its temporary files in its own directory", "[sandbox]") {
  Sandbox& sb = Sandbox::get();
  for (const auto& [role, name] :
       {std::pair{db::Role::kPrimary, "primary"}, std::pair{db::Role::kBackup, "backup"}}) {
    auto admin = sb.admin(role);
    const auto tmpdir = admin_sql(*admin, "SELECT @@tmpdir").rows.at(0)[0].value_or("");
    CHECK(tmpdir == sb.dir() + "/" + name + "/tmp");
  }
}

}  // namespace jaga::test
