// The administrators' status page: each check's newest status per host in colour, the last
// 24 hours of results counted by status, the newest backup and restore-test results, the last
// consistency run, and which results were pulled from the backup host's agent. All read from the
// evidence store (never a database server). Callers hold DeskState::mutex.
#pragma once

#include "core/clock.h"
#include "core/result.h"
#include "desk/desk_state.h"
#include "desk/pages.h"

namespace jaga::desk {

// `page` holds the layout's data; the view adds its own and returns it.
Result<PageData> status_view(DeskState& desk, TimePoint now, PageData page);

}  // namespace jaga::desk
