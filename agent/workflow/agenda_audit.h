// `jaga agenda verify`: the agenda book's hash chain checked against itself and against the
// report register (each entry's report must be recorded with the same final document).
#pragma once

#include <vector>

#include "agenda/agenda_book.h"
#include "core/result.h"
#include "workflow/report_store.h"

namespace jaga::workflow {

// Every problem of the book; empty when intact.
Result<std::vector<agenda::Problem>> audit_agenda(const ReportStore& reports);

}  // namespace jaga::workflow
