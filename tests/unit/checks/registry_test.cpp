#include "checks/registry.h"

#include <catch2/catch.hpp>
#include <string_view>
#include <vector>

#include "core/check_names.h"

namespace jaga::checks {

// Configuration validates check names against core/check_names.h without knowing the checks:
// the two lists must be the same, in the same order.
TEST_CASE("registry: the checks answer to exactly the names configuration accepts", "[checks]") {
  std::vector<std::string_view> registered;
  for (const auto& check : all_checks()) registered.push_back(check->name());
  CHECK(registered ==
        std::vector<std::string_view>(check_names::kAll.begin(), check_names::kAll.end()));
}

}  // namespace jaga::checks
