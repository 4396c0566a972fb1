#include "workflow/definition.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "config/table_reader.h"
#include "core/local_date.h"

namespace jaga::workflow {
namespace {

bool is_name(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

void read_step(config::TableReader& r, StepDefinition& step) {
  r.string("name", step.name, true);
  std::string action;
  r.string("action", action, true);
  r.string("role", step.role, true);
  r.string("label", step.label);
  int64_t minutes = -1;
  r.integer("standard_minutes", minutes, 1, 7 * 24 * 60);
  if (r.error) return;
  if (minutes < 0) return r.fail_here("missing required key 'standard_minutes'");
  step.standard = std::chrono::minutes(minutes);
  static const std::map<std::string, Action> kActions = {{"draft", Action::kDraft},
                                                         {"finalize", Action::kFinalize},
                                                         {"receive", Action::kReceive},
                                                         {"record", Action::kRecord}};
  auto it = kActions.find(action);
  if (it == kActions.end()) {
    return r.fail_at("action", fmt::format("must be one of draft, finalize, receive, record, got "
                                           "\"{}\"",
                                           action));
  }
  step.action = it->second;
  if (!is_name(step.name)) {
    return r.fail_at("name",
                     fmt::format("\"{}\" is not a step name (use a-z, 0-9 and _)", step.name));
  }
  if (!is_name(step.role)) {
    return r.fail_at("role",
                     fmt::format("\"{}\" is not a role name (use a-z, 0-9 and _)", step.role));
  }
  if (step.label.empty()) step.label = step.name;
}

void read_working_hours(config::TableReader& r, WorkingHours& w) {
  // strings() leaves the vector alone when the key is absent: the marker tells absent (the
  // default days) from an empty list (an error).
  const std::string absent = "\x01";
  std::vector<std::string> days{absent};
  r.strings("days", days);
  const bool has_days = days.size() != 1 || days[0] != absent;
  if (!has_days) days.clear();
  if (has_days) w.weekdays.fill(false);
  std::string start, end, zone;
  r.string("start", start);
  r.string("end", end);
  r.string("zone", zone);
  std::vector<std::string> holidays;
  r.strings("holidays", holidays);
  if (r.error) return;
  for (const std::string& name : days) {
    const auto index = parse_day_name(name);
    if (!index) {
      return r.fail_at("days", fmt::format("\"{}\" is not a day (use senin, selasa, rabu, "
                                           "kamis, jumat, sabtu, minggu)",
                                           name));
    }
    w.weekdays[static_cast<size_t>(*index)] = true;
  }
  for (const auto& [key, text, out] :
       {std::tuple{"start", &start, &w.start}, std::tuple{"end", &end, &w.end}}) {
    if (text->empty()) continue;
    const auto m = parse_time_of_day(*text);
    if (!m) {
      return r.fail_at(
          key, fmt::format("\"{}\" is not a time of day (use HH:MM, e.g. \"07:30\")", *text));
    }
    *out = *m;
  }
  if (w.end <= w.start) {
    return r.fail_here(fmt::format(
        "working_hours: end ({:02}:{:02}) must be after start "
        "({:02}:{:02})",
        w.end.count() / 60, w.end.count() % 60, w.start.count() / 60, w.start.count() % 60));
  }
  if (!zone.empty()) {
    auto parsed = UtcOffset::parse(zone);
    if (!parsed) return r.fail_at("zone", parsed.error().message);
    w.zone = *parsed;
  }
  for (const std::string& text : holidays) {
    const auto day = parse_local_date(text);
    if (!day) {
      return r.fail_at(
          "holidays",
          fmt::format("\"{}\" is not a date (use YYYY-MM-DD, e.g. \"2026-12-25\")", text));
    }
    w.holidays.insert(std::chrono::sys_days(*day));
  }
  if (has_days && std::none_of(w.weekdays.begin(), w.weekdays.end(), [](bool d) { return d; })) {
    r.fail_at("days", "names no working day");
  }
}

// The rules on the order of actions; `where` names the file for messages.
Result<void> check_order(const Definition& d) {
  const auto& s = d.steps;
  auto fail = [&](const std::string& what) {
    return Error{fmt::format("{}: workflow {}: {}", d.path, d.id, what)};
  };
  if (s.size() < 3) {
    return fail(
        fmt::format("needs at least three [[steps]] (draft, finalize, record), has {}", s.size()));
  }
  if (s.front().action != Action::kDraft) {
    return fail(fmt::format("the first step must draft, but step '{}' has action = \"{}\"",
                            s.front().name, action_name(s.front().action)));
  }
  if (s[1].action != Action::kFinalize) {
    return fail(fmt::format("the second step must finalize, but step '{}' has action = \"{}\"",
                            s[1].name, action_name(s[1].action)));
  }
  if (s.back().action != Action::kRecord) {
    return fail(fmt::format("the last step must record, but step '{}' has action = \"{}\"",
                            s.back().name, action_name(s.back().action)));
  }
  std::set<std::string> names;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!names.insert(s[i].name).second) {
      return fail(fmt::format("step name '{}' is used twice (steps[{}])", s[i].name, i));
    }
    const bool middle = i >= 2 && i + 1 < s.size();
    if (middle && s[i].action != Action::kReceive) {
      return fail(fmt::format(
          "step '{}' (steps[{}]) has action = \"{}\"; only \"receive\" may come between "
          "finalize and record",
          s[i].name, i, action_name(s[i].action)));
    }
  }
  const StepDefinition& before = s[s.size() - 2];
  if (s.back().role != before.role) {
    return fail(fmt::format(
        "the record step '{}' has role \"{}\" but is written right after '{}' by role \"{}\"; "
        "they must be the same role",
        s.back().name, s.back().role, before.name, before.role));
  }
  return Ok();
}

}  // namespace

const char* action_name(Action action) {
  switch (action) {
    case Action::kDraft:
      return "draft";
    case Action::kFinalize:
      return "finalize";
    case Action::kReceive:
      return "receive";
    case Action::kRecord:
      return "record";
  }
  return "?";
}

std::optional<size_t> Definition::find(std::string_view name) const {
  for (size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].name == name) return i;
  }
  return std::nullopt;
}

Result<Definition> parse_definition(std::string_view text, const std::string& path) {
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    return Error{fmt::format("{}:{}:{}: syntax error: {}", path, e.source().begin.line,
                             e.source().begin.column, e.description())};
  }
  Definition d;
  d.path = path;
  config::TableReader r(root, "", path);
  r.table("workflow", true, [&](config::TableReader& w) {
    w.string("id", d.id, true);
    w.string("title", d.title);
    w.boolean("allow_multiple_roles", d.allow_multiple_roles);
  });
  r.table("working_hours", false,
          [&](config::TableReader& w) { read_working_hours(w, d.working_hours); });
  if (!r.error && !root.contains("steps")) r.fail_here("missing required key 'steps' ([[steps]])");
  r.tables("steps", [&](config::TableReader& t) {
    StepDefinition step;
    read_step(t, step);
    d.steps.push_back(std::move(step));
  });
  r.finish();
  if (r.error) return *r.error;
  if (auto ok = check_order(d); !ok) return ok.error();
  return d;
}

Result<Definition> load_definition(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error{
        fmt::format("cannot read workflow definition {}: {} (workflow.definition in "
                    "the configuration)",
                    path, std::strerror(errno))};
  }
  std::stringstream text;
  text << in.rdbuf();
  return parse_definition(text.str(), path);
}

}  // namespace jaga::workflow
