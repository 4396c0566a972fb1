// The explicit list of checks jaga knows. Adding a check means adding one line in registry.cpp.
#pragma once

#include <memory>
#include <vector>

#include "checks/check.h"

namespace jaga::checks {

std::vector<std::unique_ptr<Check>> all_checks();

}  // namespace jaga::checks
