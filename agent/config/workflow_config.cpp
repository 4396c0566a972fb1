// [workflow]: where the workflow definition lives and how agenda numbers look. The definition
// file itself is read when a report command needs it (workflow/definition.h), so a broken
// definition does not stop the checks.
#include "config/workflow_config.h"

#include "agenda/agenda_number.h"

namespace jaga::config {

void read_workflow(TableReader& r, WorkflowConfig& w) {
  r.string("definition", w.definition);
  r.string("agenda_number_format", w.agenda_number_format);
  if (r.error) return;
  if (w.definition.empty()) return r.fail_at("definition", "must not be empty");
  if (auto format = agenda::NumberFormat::parse(w.agenda_number_format); !format) {
    r.fail_at("agenda_number_format", format.error().message);
  }
}

}  // namespace jaga::config
