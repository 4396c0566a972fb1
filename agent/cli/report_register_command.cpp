// `jaga report show` and `jaga report list` (the register, "Daftar Laporan").
#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/chain_environment.h"
#include "cli/commands.h"
#include "core/durable_file.h"
#include "workflow/register_export.h"
#include "workflow/reminders.h"

namespace jaga::cli {
namespace {

// A report of the register with its versions (shown by `report show`).
struct Loaded : workflow::RegisterEntry {
  std::vector<workflow::VersionRow> versions;
};

Result<Loaded> load(const ChainEnvironment& env, const workflow::ReportRow& r, TimePoint now) {
  Loaded l;
  l.report = r;
  auto versions = env.reports->versions(r.number, false);
  if (!versions) return versions.error();
  auto steps = env.reports->steps(r.number, false);
  if (!steps) return steps.error();
  auto state = env.reports->state(env.definition, r.number);
  if (!state) return state.error();
  l.versions = std::move(*versions);
  l.steps = std::move(*steps);
  l.state = *state;
  l.overdue = workflow::overdue_at(env.definition, l.state, now);
  return l;
}

nlohmann::json to_json(const Loaded& l) {
  nlohmann::json steps = nlohmann::json::array();
  for (const workflow::StepRow& s : l.steps) {
    nlohmann::json j = {{"version", s.version},
                        {"step", s.step},
                        {"action", s.action},
                        {"role", s.role},
                        {"signer", s.signer},
                        {"cert_serial", s.cert_serial},
                        {"cert_fingerprint", s.cert_fingerprint},
                        {"at", format_utc(s.at)},
                        {"duration_seconds", nullptr},
                        {"standard_seconds", s.standard_seconds},
                        // The draft is the scheduler's (clock time since the period closed), the
                        // other steps are the officials' (the definition's working hours).
                        {"measured_in", s.action == "draft" ? "clock" : "working_hours"},
                        {"late", s.late},
                        {"pdf_sha256", s.pdf_sha256}};
    if (s.duration_seconds) j["duration_seconds"] = *s.duration_seconds;
    if (!s.note.empty()) j["note"] = s.note;
    steps.push_back(j);
  }
  nlohmann::json versions = nlohmann::json::array();
  for (const workflow::VersionRow& v : l.versions) {
    versions.push_back({{"version", v.version},
                        {"reason", v.reason},
                        {"created_at", v.created_at},
                        {"pdf_sha256", v.pdf_sha256},
                        {"json_sha256", v.json_sha256}});
  }
  nlohmann::json out = {{"number", l.report.number},
                        {"period",
                         {{"kind", l.report.period_kind},
                          {"start", l.report.period_start},
                          {"end", l.report.period_end}}},
                        {"state", l.report.state},
                        {"current_version", l.report.current_version},
                        {"versions", versions},
                        {"steps", steps},
                        {"overdue", nullptr}};
  if (l.overdue) {
    out["overdue"] = {{"step", l.overdue->step},
                      {"role", l.overdue->role},
                      {"due", format_utc(l.overdue->due)},
                      {"overdue_seconds", l.overdue->overdue_seconds}};
  }
  return out;
}

std::string step_line(const workflow::StepRow& s, const UtcOffset& zone) {
  const std::string what = s.action == "return" ? fmt::format("RETURNED at {}", s.step) : s.step;
  return fmt::format("    v{} {:<22} {:<10} {:<24} {}  {:>12} / {:<8}{}{}", s.version, what, s.role,
                     s.signer, format_in_zone(s.at, zone),
                     s.duration_seconds ? format_duration(*s.duration_seconds) : "—",
                     format_duration(s.standard_seconds), s.late ? "  LATE" : "",
                     s.note.empty() ? "" : fmt::format("  note: \"{}\"", s.note));
}

void print_text(const Loaded& l, const UtcOffset& zone, bool details) {
  std::printf("%s  %s %s..%s  %s (version %d)\n", l.report.number.c_str(),
              l.report.period_kind.c_str(), l.report.period_start.c_str(),
              l.report.period_end.c_str(), l.report.state.c_str(), l.report.current_version);
  for (const workflow::StepRow& s : l.steps) std::printf("%s\n", step_line(s, zone).c_str());
  if (l.overdue) {
    std::printf("    OVERDUE now: step '%s' (%s) by %s, due %s, overdue by %s\n",
                l.overdue->step.c_str(), l.overdue->label.c_str(), l.overdue->role.c_str(),
                format_in_zone(l.overdue->due, zone).c_str(),
                format_duration(l.overdue->overdue_seconds).c_str());
  }
  if (!details) return;
  for (const workflow::VersionRow& v : l.versions) {
    std::printf("  version %d (%s %s): PDF SHA-256 %s, JSON SHA-256 %s\n", v.version,
                v.reason.c_str(), v.created_at.c_str(), v.pdf_sha256.c_str(),
                v.json_sha256.c_str());
  }
  for (const workflow::StepRow& s : l.steps) {
    if (!s.cert_fingerprint.empty()) {
      std::printf("  %s v%d: certificate serial %s, SHA-256 %s\n", s.step.c_str(), s.version,
                  s.cert_serial.c_str(), s.cert_fingerprint.c_str());
    }
  }
}

}  // namespace

int run_report_show(const CommandContext& c, const std::string& number, const std::string& format) {
  auto env = open_chain_environment(*c.config);
  if (!env) return fail(env.error().message);
  auto report = env->reports->find(number);
  if (!report) return fail(report.error().message);
  if (!*report) return fail(fmt::format("no report {} in the register", number));
  auto l = load(*env, **report, c.clock.now());
  if (!l) return fail(l.error().message);
  if (format == "json") {
    std::printf("%s\n", to_json(*l).dump(2).c_str());
  } else {
    print_text(*l, c.config->schedule.zone, true);
  }
  return 0;
}

int run_report_list(const CommandContext& c, const std::string& format, const std::string& out) {
  const bool printed = format == "pdf" || format == "csv";
  if (printed && out.empty())
    return fail(fmt::format("report list --format {} needs --out FILE", format));
  if (!printed && !out.empty()) return fail("report list --out is for --format pdf or csv");
  auto env = open_chain_environment(*c.config);
  if (!env) return fail(env.error().message);
  auto all = env->reports->list();
  if (!all) return fail(all.error().message);
  const TimePoint now = c.clock.now();
  std::vector<Loaded> loaded;
  for (const workflow::ReportRow& r : *all) {
    auto l = load(*env, r, now);
    if (!l) return fail(l.error().message);
    loaded.push_back(std::move(*l));
  }
  if (printed) {
    const std::vector<workflow::RegisterEntry> entries(loaded.begin(), loaded.end());
    std::string bytes;
    if (format == "csv") {
      bytes = workflow::register_csv(env->definition, entries);
    } else {
      auto pdf = workflow::register_pdf(env->definition, entries,
                                        workflow::RegisterTitle{c.config->agent.host_name, now});
      if (!pdf) return fail(fmt::format("cannot write PDF {}: {}", out, pdf.error().message));
      bytes = std::move(*pdf);
    }
    if (auto written = replace_file(out, bytes, 0640); !written) {
      return fail(written.error().message);
    }
    std::printf("%s: %zu report(s)\n", out.c_str(), entries.size());
    return 0;
  }
  if (format == "json") {
    nlohmann::json json = nlohmann::json::array();
    for (const Loaded& l : loaded) json.push_back(to_json(l));
    std::printf("%s\n", json.dump(2).c_str());
    return 0;
  }
  std::printf(
      "Daftar Laporan (%s): %zu report(s); step, role, signer, time, duration / standard "
      "(officials' steps in working hours: %s)\n",
      env->definition.id.c_str(), loaded.size(), env->definition.working_hours.describe().c_str());
  for (const Loaded& l : loaded) print_text(l, c.config->schedule.zone, false);
  return 0;
}

}  // namespace jaga::cli
