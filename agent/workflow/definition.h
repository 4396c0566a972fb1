// The workflow definition: the steps a report goes through (SOP-PIAK-07 by default, shipped as
// config/sop-piak-07.toml), their order, roles and time standards. Parsed and validated once;
// every later decision about order and roles reads it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "workflow/working_hours.h"

namespace jaga::workflow {

// What a step does. The first step drafts, the second finalizes, the last records the report in
// the agenda book; between them any number of receipts.
enum class Action { kDraft, kFinalize, kReceive, kRecord };

const char* action_name(Action action);

struct StepDefinition {
  std::string name;  // unique, [a-z0-9_]: "receive_kabid"
  Action action = Action::kReceive;
  std::string role;   // "scheduler", "apk", "sub_koord", "kabid": the role a signer must hold
  std::string label;  // for people: "Menerima laporan dari Sub Koord"
  std::chrono::minutes standard{0};  // the SOP's time standard (Mutu Baku)
};

struct Definition {
  std::string path;  // where it was loaded from, for messages
  std::string id;    // "SOP-PIAK-07"
  std::string title;
  // [workflow] allow_multiple_roles (default false): whether one person may hold more than one
  // role, e.g. an acting official ("Plt.") who stands in for the Kabid besides being Sub Koord.
  // `jaga pki issue` refuses a second role for a person unless this is true. Even when true, one
  // person never signs two steps of the same report version (the four-eyes rule, chain_steps.h).
  bool allow_multiple_roles = false;
  std::vector<StepDefinition> steps;
  // [working_hours]: the officials' steps are measured in these (default Monday–Friday
  // 07:30–16:00 WIB, no holidays); the scheduler's draft in clock time.
  WorkingHours working_hours;

  // The index of the step named `name`, if any.
  std::optional<size_t> find(std::string_view name) const;
};

// Parses and validates `text` as if read from `path`. Errors name the file, line and key.
// Guarantees on success: at least three steps; steps[0] drafts, steps[1] finalizes, the last
// records and is taken by the role of the step before it; names are unique.
Result<Definition> parse_definition(std::string_view text, const std::string& path);

// Reads and parses the file at `path`.
Result<Definition> load_definition(const std::string& path);

}  // namespace jaga::workflow
