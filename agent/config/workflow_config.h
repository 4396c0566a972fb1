#pragma once

#include "config/config.h"
#include "config/table_reader.h"

namespace jaga::config {

// Reads [workflow]: workflow.definition and workflow.agenda_number_format (validated).
void read_workflow(TableReader& reader, WorkflowConfig& workflow);

}  // namespace jaga::config
