// `jaga report finalize|receive|return|show|list|export`: the SOP-PIAK-07 chain (steps 3-6).
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/chain_environment.h"
#include "cli/command.h"
#include "cli/commands.h"
#include "sign/agent_key.h"
#include "sign/passphrase.h"
#include "sign/signing_identity.h"
#include "sign/trust_store.h"
#include "workflow/chain_steps.h"
#include "workflow/final_document.h"

namespace jaga::cli {
namespace {

struct StepOptions {
  std::string number;
  std::string signer;
  std::string passphrase_file;
  std::string note;
};

enum class StepKind { kFinalize, kReceive, kReturn };

// Finalize without --note: when the note is required (final_document.h), warn, and ask for it
// on a terminal; elsewhere the step is refused with the reason.
std::string finalize_note(const workflow::ReportStore& reports, const StepOptions& o) {
  if (!o.note.empty()) return o.note;
  auto report = reports.find(o.number);
  auto versions = reports.versions(o.number, true);
  auto steps = reports.steps(o.number, false);
  if (!report || !*report || !versions || !steps) return {};
  std::string json;
  for (const workflow::VersionRow& v : *versions) {
    if (v.version == (*report)->current_version) json = v.json;
  }
  const std::string required = workflow::note_requirement(json, (*report)->current_version, *steps);
  if (required.empty()) return {};
  std::fprintf(stderr, "jaga: Catatan Administrator wajib diisi karena %s.\n", required.c_str());
  if (isatty(STDIN_FILENO) == 0) return {};
  std::fprintf(stderr, "Catatan Administrator (satu baris): ");
  std::string line;
  std::getline(std::cin, line);
  return line;
}

int run_step(const CommandContext& c, const StepOptions& o, StepKind kind) {
  const config::Config& config = *c.config;
  auto env = open_chain_environment(config);
  if (!env) return fail(env.error().message);
  auto trust = sign::TrustStore::load(config.pki);
  if (!trust) return fail(trust.error().message);
  auto passphrase =
      sign::read_passphrase({o.passphrase_file, "JAGA_PASSPHRASE",
                             fmt::format("Passphrase of signer {}: ", o.signer), false});
  if (!passphrase) return fail(passphrase.error().message);
  auto identity = sign::load_signing_identity(config.pki.dir, o.signer, *passphrase);
  if (!identity)
    return fail(fmt::format("report {} not changed: {}", o.number, identity.error().message));
  workflow::ChainContext context{*env->reports,        env->definition, env->agenda_format,
                                 config.schedule.zone, *trust,          config.agent.host_name};
  // The QR code's link: the desk's verification page, when the desk is configured.
  if (config.desk.enabled) context.verify_url = config.desk.public_url;
  const std::string note = kind == StepKind::kFinalize ? finalize_note(*env->reports, o) : o.note;
  const TimePoint now = c.clock.now();
  // The agent vouches for each entry it records with its own key, when it has one.
  if (sign::has_agent_key(config.peer)) {
    context.sign_entry = [&config, now](std::string_view entry_hash) {
      return sign::sign_as_agent(entry_hash, config.peer, now);
    };
  }
  auto outcome = kind == StepKind::kReturn
                     ? workflow::return_report(context, o.number, o.note, *identity, now)
                     : workflow::take_step(context, o.number,
                                           kind == StepKind::kFinalize ? workflow::Action::kFinalize
                                                                       : workflow::Action::kReceive,
                                           *identity, now, note);
  if (!outcome) {
    return fail(fmt::format("refused, nothing recorded: {}", outcome.error().message));
  }
  for (const workflow::StepRow& r : outcome->recorded) {
    std::printf("report %s: %s by %s (%s) at %s%s%s\n", o.number.c_str(),
                r.action == "return" ? fmt::format("returned at step '{}'", r.step).c_str()
                                     : fmt::format("step '{}'", r.step).c_str(),
                r.role.c_str(), r.signer.c_str(),
                format_in_zone(r.at, config.schedule.zone).c_str(),
                r.duration_seconds
                    ? fmt::format(", took {} (standard {})", format_duration(*r.duration_seconds),
                                  format_duration(r.standard_seconds))
                          .c_str()
                    : "",
                r.late ? " — LATE" : "");
  }
  for (const agenda::AgendaEntry& e : outcome->agenda) {
    std::printf("recorded in the agenda book as %s (document SHA-256 %s)\n",
                e.agenda_number.c_str(), e.document_sha256.c_str());
  }
  std::printf("report %s is now %s\n", o.number.c_str(), outcome->state.c_str());
  return 0;
}

Result<void> write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return Error{fmt::format("cannot write {}", path.string())};
  return Ok();
}

int run_export(const CommandContext& c, const std::string& number, const std::string& dir) {
  auto env = open_chain_environment(*c.config);
  if (!env) return fail(env.error().message);
  auto report = env->reports->find(number);
  if (!report) return fail(report.error().message);
  if (!*report) return fail(fmt::format("no report {} in the register", number));
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail(fmt::format("cannot create directory {}: {}", dir, ec.message()));
  auto pdf = env->reports->current_pdf(number);
  if (!pdf) return fail(pdf.error().message);
  auto versions = env->reports->versions(number, true);
  if (!versions) return fail(versions.error().message);
  auto steps = env->reports->steps(number, true);
  if (!steps) return fail(steps.error().message);
  const int version = (*report)->current_version;
  const std::filesystem::path base = std::filesystem::path(dir) / file_stem(number);
  std::vector<std::pair<std::filesystem::path, std::string>> files = {
      {base.string() + ".pdf", *pdf}};
  for (const workflow::VersionRow& v : *versions) {
    if (v.version == version) files.emplace_back(base.string() + ".json", v.json);
  }
  for (const workflow::StepRow& s : *steps) {
    if (s.version != version || s.json_p7s.empty()) continue;
    const std::string stem = fmt::format("{}.v{}.{}{}", base.string(), s.version, s.step,
                                         s.action == "return" ? ".return" : "");
    if (!s.signed_json.empty()) files.emplace_back(stem + ".json", s.signed_json);
    files.emplace_back(stem + ".p7s", s.json_p7s);
  }
  for (const auto& [path, bytes] : files) {
    if (auto ok = write_file(path, bytes); !ok) return fail(ok.error().message);
    std::printf("%s\n", path.c_str());
  }
  return 0;
}

void add_step_command(CLI::App& report, Commands& commands, const std::string& name,
                      const std::string& help, StepKind kind) {
  auto options = std::make_shared<StepOptions>();
  CLI::App* cmd = report.add_subcommand(name, help);
  cmd->add_option("number", options->number, "Report number (see: jaga report list)")->required();
  cmd->add_option("--signer", options->signer, "Signer id or name (see: jaga pki list)")
      ->required();
  cmd->add_option("--passphrase-file", options->passphrase_file,
                  "File holding the signer's key passphrase (mode 0600); else $JAGA_PASSPHRASE, "
                  "else asked on the terminal");
  if (kind == StepKind::kReturn) {
    cmd->add_option("--note", options->note, "What must be revised")->required();
  } else if (kind == StepKind::kFinalize) {
    cmd->add_option("--note", options->note,
                    "Catatan Administrator on the final document; required when the verdict is "
                    "TIDAK DAPAT DINILAI or the version answers a return (asked on a terminal)");
  }
  cmd->footer(
      "The step must be the next one of the workflow definition, the signer's certificate "
      "must hold its role, be valid now and chain to the office CA, and the signer (as a "
      "person: NIP, or name) must not have signed another step of this report version (the "
      "four-eyes rule); otherwise nothing is recorded.");
  commands.push_back(
      {cmd, [options, kind](const CommandContext& c) { return run_step(c, *options, kind); }});
}

}  // namespace

CLI::App& report_parent(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_name() == "report") return *sub;
  }
  CLI::App* report = app.add_subcommand("report", "SOP-PIAK-07 reports: draft, sign, register");
  report->require_subcommand(1);
  return *report;
}

void add_report_chain_commands(CLI::App& report, Commands& commands) {
  add_step_command(report, commands, "finalize",
                   "Finalize a drafted report (APK; SOP-PIAK-07 step 3), signing PDF and JSON",
                   StepKind::kFinalize);
  add_step_command(report, commands, "receive",
                   "Receive a report (Sub Koord, then Kabid; steps 4-5), signing PDF and JSON; "
                   "the last receipt records it in the agenda book (step 6)",
                   StepKind::kReceive);
  add_step_command(report, commands, "return",
                   "Return a report to the previous holder with a note; it is then revised",
                   StepKind::kReturn);

  auto show = std::make_shared<std::pair<std::string, std::string>>("", "text");
  CLI::App* show_cmd = report.add_subcommand("show", "Show a report's versions and steps");
  show_cmd->add_option("number", show->first, "Report number")->required();
  show_cmd->add_option("-f,--format", show->second, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  commands.push_back({show_cmd, [show](const CommandContext& c) {
                        return run_report_show(c, show->first, show->second);
                      }});

  auto list = std::make_shared<std::pair<std::string, std::string>>("text", "");
  CLI::App* list_cmd = report.add_subcommand(
      "list",
      "The report register (Daftar Laporan): states, step times, late and overdue steps. "
      "Officials' steps are measured in the working hours of the workflow definition "
      "([working_hours], default Monday-Friday 07:30-16:00 WIB), the draft in clock time from "
      "the period's close. pdf and csv print it in Indonesian for the office (--out FILE)");
  list_cmd->add_option("-f,--format", list->first, "text, json, pdf or csv")
      ->check(CLI::IsMember({"text", "json", "pdf", "csv"}))
      ->capture_default_str();
  list_cmd->add_option("--out", list->second, "Output file (pdf and csv; required for them)");
  commands.push_back({list_cmd, [list](const CommandContext& c) {
                        return run_report_list(c, list->first, list->second);
                      }});

  auto exp = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* export_cmd = report.add_subcommand(
      "export", "Write the current signed PDF, the JSON and each step's .p7s into a directory");
  export_cmd->add_option("number", exp->first, "Report number")->required();
  export_cmd->add_option("--out", exp->second, "Directory (created when missing)")->required();
  commands.push_back({export_cmd, [exp](const CommandContext& c) {
                        return run_export(c, exp->first, exp->second);
                      }});
}

}  // namespace jaga::cli
