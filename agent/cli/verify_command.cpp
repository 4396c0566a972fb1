// jaga verify FILE [--signature FILE.p7s ...]: checks every signature of a signed report (the
// PDF's own, and detached CMS signatures over any file) and says, per signature, who signed in
// which role and when, and whether it is valid. With this host's evidence store, a signed PDF is
// also looked up in the report register (workflow/recorded_document.h): valid signatures alone do
// not make it the document the office recorded. Exit 0 only when there is at least one
// signature, all are valid, (for a report) they are the SOP's chain signed by as many people as
// steps (the four-eyes rule), and the register, when consulted, recorded this very file as its
// report's final document; 2 otherwise; 1 when a file cannot be read.
#include <fmt/format.h>
#include <sys/stat.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/commands.h"
#include "cli/pki_context.h"
#include "sign/certificate_info.h"
#include "sign/key_files.h"
#include "sign/verifier.h"
#include "store/evidence_store.h"
#include "workflow/chain_verify.h"
#include "workflow/document_verification.h"
#include "workflow/four_eyes.h"
#include "workflow/recorded_document.h"

namespace jaga::cli {
namespace {

struct VerifyOptions {
  std::string file;
  std::vector<std::string> signatures;
  std::vector<std::string> cas;
  std::string dir;
  std::string format = "text";
  bool no_register = false;
};

std::string role_text(const sign::VerifiedSignature& s) {
  return s.role ? sign::role_title(*s.role) : "no registered role";
}

nlohmann::json to_json(const sign::VerifiedSignature& s, const std::string& source) {
  return {{"index", s.index},
          {"source", source},
          {"field", s.field_name},
          {"signer", s.signer_name},
          {"role", s.role ? sign::role_name(*s.role) : nullptr},
          {"serial", s.serial},
          {"fingerprint", s.fingerprint},
          {"issuer", s.issuer},
          {"signing_time", s.signing_time ? format_utc(*s.signing_time) : ""},
          {"reason", s.reason},
          {"covers_whole_file", s.covers_whole_file},
          {"valid", s.valid},
          {"problem", s.problem}};
}

// This host's report register: the evidence store of the configuration, when there is one.
struct Register {
  std::unique_ptr<store::EvidenceStore> store;
  std::string why_not;  // when `store` is null: why the register is not consulted
};

Register open_register(const std::optional<config::Config>& config, bool no_register) {
  if (no_register) return {nullptr, "--no-register"};
  if (!config) return {nullptr, "no configuration; give --config"};
  const std::string& path = config->agent.evidence_db;
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return {nullptr, "no evidence store at " + path};
  auto store = store::EvidenceStore::open(path, config->agent.personal_key);
  if (!store) return {nullptr, store.error().message};
  return {std::move(*store), ""};
}

const char* register_heading(workflow::RegisterStatus status) {
  switch (status) {
    case workflow::RegisterStatus::kRecorded:
      return "RECORDED";
    case workflow::RegisterStatus::kNotFinal:
      return "NOT THE RECORDED DOCUMENT";
    case workflow::RegisterStatus::kNotRecorded:
      return "NOT RECORDED";
    case workflow::RegisterStatus::kUnknown:
      return "UNKNOWN DOCUMENT";
    case workflow::RegisterStatus::kNotConsulted:
      return "not consulted";
  }
  return "";
}

// The last line when the signatures and the chain are in order.
std::string register_conclusion(const workflow::RegisterVerdict& r, bool chain) {
  const std::string valid =
      chain ? "all signatures are valid and in the SOP's order" : "all signatures are valid";
  const std::string report = r.report ? *r.report : "";
  switch (r.status) {
    case workflow::RegisterStatus::kRecorded:
      return fmt::format("{}; this is the recorded final document of report {}", valid, report);
    case workflow::RegisterStatus::kNotFinal:
      return fmt::format(
          "NOT THE RECORDED DOCUMENT: the signatures marked VALID are valid, but this file is not "
          "the recorded final document of report {}",
          report);
    case workflow::RegisterStatus::kNotRecorded:
      return fmt::format(
          "NOT RECORDED: the signatures marked VALID are valid, but report {} is not recorded "
          "in the agenda book",
          report);
    case workflow::RegisterStatus::kUnknown:
      return "UNKNOWN DOCUMENT: the signatures marked VALID are valid, but the report register "
             "holds no report this file is a document of";
    case workflow::RegisterStatus::kNotConsulted:
      break;
  }
  return valid;
}

int run_verify(const CLI::App& root, const VerifyOptions& o, const Clock& clock) {
  auto pki = pki_config_for(root, o.dir);
  if (!pki) {
    std::fprintf(stderr, "jaga: %s\n", pki.error().message.c_str());
    return 1;
  }
  for (const std::string& ca : o.cas) pki->trusted_cas.push_back(ca);
  auto trust = sign::TrustStore::load(*pki);
  if (!trust) {
    std::fprintf(stderr, "jaga: %s\n", trust.error().message.c_str());
    return 1;
  }
  auto content = sign::read_file(o.file);
  if (!content) {
    std::fprintf(stderr, "jaga: %s\n", content.error().message.c_str());
    return 1;
  }
  std::vector<std::pair<std::string, sign::VerifiedSignature>> all;
  std::optional<workflow::ChainVerdict> chain;
  // Only a signed PDF is looked up: the register keeps report PDFs by their bytes.
  workflow::RegisterVerdict in_register =
      workflow::register_not_consulted("only a signed PDF is looked up in the register");
  if (content->starts_with("%PDF-")) {
    auto found = sign::verify_pdf(*content, *trust, clock.now());
    if (!found) {
      std::fprintf(stderr, "jaga: %s: %s\n", o.file.c_str(), found.error().message.c_str());
      return 1;
    }
    if (!found->empty()) {
      // The signatures are verified whatever happens here; the chain is checked when this host
      // has a workflow definition to check it against, the register when it has a store.
      auto config = config_without_passwords(root);
      if (!config) {
        std::fprintf(stderr, "jaga: %s\n", config.error().message.c_str());
        return 1;
      }
      const Register reg = open_register(*config, o.no_register);
      // Without a configuration there is no workflow to check the chain against.
      std::optional<workflow::Definition> definition;
      std::string definition_error;
      if (*config) {
        auto loaded = workflow::load_definition((*config)->workflow.definition);
        if (loaded) {
          definition = std::move(*loaded);
        } else {
          definition_error = loaded.error().message;
        }
      }
      std::optional<workflow::ReportStore> reports;
      if (reg.store) reports.emplace(*reg.store);
      workflow::DocumentVerdict verdict =
          workflow::judge_document(*content, std::move(*found), definition ? &*definition : nullptr,
                                   reports ? &*reports : nullptr, reg.why_not);
      if (!definition_error.empty()) verdict.chain_error = definition_error;
      if (!verdict.chain_error.empty()) {
        std::fprintf(stderr, "jaga: the chain of steps was not checked: %s\n",
                     verdict.chain_error.c_str());
      }
      if (!verdict.register_error.empty()) {
        std::fprintf(stderr, "jaga: the report register was not consulted: %s\n",
                     verdict.register_error.c_str());
      }
      chain = std::move(verdict.chain);
      in_register = std::move(verdict.in_register);
      *found = std::move(verdict.signatures);
    }
    for (auto& s : *found) all.emplace_back(o.file, std::move(s));
  }
  std::vector<std::string> detached = o.signatures;
  struct stat st {};
  if (detached.empty() && stat((o.file + ".p7s").c_str(), &st) == 0) {
    detached.push_back(o.file + ".p7s");
  }
  for (const std::string& path : detached) {
    auto der = sign::read_file(path);
    if (!der) {
      std::fprintf(stderr, "jaga: %s\n", der.error().message.c_str());
      return 1;
    }
    auto s = sign::verify_detached(*content, *der, *trust, clock.now());
    if (!s) {
      std::fprintf(stderr, "jaga: %s: %s\n", path.c_str(), s.error().message.c_str());
      return 1;
    }
    s->index = static_cast<int>(all.size() + 1);
    s->field_name = path;
    all.emplace_back(path, std::move(*s));
  }
  // The four-eyes rule needs no workflow definition: without one (no configuration), or for
  // detached signatures, signatures by one person are still a problem.
  if (!chain) {
    std::vector<sign::VerifiedSignature> signatures;
    for (const auto& [source, s] : all) signatures.push_back(s);
    if (auto twice = workflow::four_eyes_problems(signatures); !twice.empty()) {
      chain = workflow::ChainVerdict{};
      chain->problems = std::move(twice);
    }
  }
  const bool signatures_valid =
      !all.empty() &&
      std::all_of(all.begin(), all.end(), [](const auto& p) { return p.second.valid; });
  const bool chain_ok = !chain || chain->ok();
  const bool register_ok =
      in_register.ok() || in_register.status == workflow::RegisterStatus::kNotConsulted;
  const bool all_valid = signatures_valid && chain_ok && register_ok;
  if (o.format == "json") {
    nlohmann::json out = {
        {"file", o.file}, {"valid", all_valid}, {"signatures", nlohmann::json::array()}};
    for (const auto& [source, s] : all) out["signatures"].push_back(to_json(s, source));
    if (chain) {
      out["chain"] = {{"report", chain->report ? nlohmann::json(*chain->report) : nullptr},
                      {"version", chain->version},
                      {"steps", chain->lines},
                      {"problems", chain->problems}};
    }
    out["register"] = {
        {"status", workflow::register_status_name(in_register.status)},
        {"report", in_register.report ? nlohmann::json(*in_register.report) : nullptr},
        {"version", in_register.version},
        {"agenda_number", in_register.agenda_number},
        {"message", in_register.sentence}};
    std::printf("%s\n", out.dump(2).c_str());
    return all_valid ? 0 : 2;
  }
  if (all.empty()) {
    std::printf("%s: no signatures found%s\n", o.file.c_str(),
                content->starts_with("%PDF-") ? "" : " (give the .p7s files with --signature)");
    return 2;
  }
  std::printf("%s: %zu signature%s\n", o.file.c_str(), all.size(), all.size() == 1 ? "" : "s");
  for (const auto& [source, s] : all) {
    std::printf(
        "  %d. %s — %s (%s), signed %s, serial %s\n     %s\n", s.index, s.field_name.c_str(),
        s.signer_name.empty() ? "unknown signer" : s.signer_name.c_str(), role_text(s).c_str(),
        s.signing_time ? format_utc(*s.signing_time).c_str() : "at an unknown time",
        s.serial.empty() ? "?" : s.serial.c_str(),
        s.valid ? "VALID" : ("INVALID: " + s.problem).c_str());
    if (!s.reason.empty()) std::printf("     reason: %s\n", s.reason.c_str());
  }
  if (chain) {
    std::printf("chain of steps%s:\n",
                chain->report ? (" of report " + *chain->report).c_str() : "");
    for (const std::string& line : chain->lines) std::printf("  %s\n", line.c_str());
    for (const std::string& problem : chain->problems)
      std::printf("  PROBLEM: %s\n", problem.c_str());
  }
  std::printf("register (daftar laporan): %s\n  %s\n", register_heading(in_register.status),
              in_register.sentence.c_str());
  const std::string verdict = !signatures_valid
                                  ? "NOT VALID: at least one signature failed verification"
                              : !chain_ok ? "NOT VALID: the signatures are not the SOP's chain"
                                          : register_conclusion(in_register, chain.has_value());
  std::printf("%s\n", verdict.c_str());
  return all_valid ? 0 : 2;
}

}  // namespace

void add_verify_commands(CLI::App& app, Commands& commands) {
  auto options = std::make_shared<VerifyOptions>();
  CLI::App* verify = app.add_subcommand("verify", "Check every signature of a signed report");
  verify->add_option("file", options->file, "The signed PDF, or the JSON the .p7s files sign")
      ->required();
  verify->add_option("--signature", options->signatures,
                     "A detached CMS signature (.p7s) over FILE (repeatable; default FILE.p7s "
                     "when it exists)");
  verify->add_option("--ca", options->cas, "Also trust this CA certificate (PEM; repeatable)");
  verify->add_option("--pki-dir", options->dir, "PKI directory (default: [pki] dir)");
  verify->add_flag("--no-register", options->no_register,
                   "Check the signatures only: do not look the PDF up in this host's report "
                   "register (e.g. a report from another office); the output says so");
  verify->add_option("-f,--format", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  verify->footer(
      "Exit 0: all signatures valid (and, with this host's evidence store, the PDF is the final\n"
      "document recorded for its report); 2: a signature is invalid or none found, the chain is\n"
      "out of order, one person signed two steps (four-eyes rule), or the register did not\n"
      "record this PDF as its report's final document (signatures cut off, an earlier version,\n"
      "a report not recorded yet, a document unknown to the register); 1: error.");
  const CLI::App& root = app;
  Command command;
  command.app = verify;
  command.run = [&root, options](const CommandContext& c) {
    return run_verify(root, *options, c.clock);
  };
  command.needs_config = false;
  commands.push_back(std::move(command));
}

}  // namespace jaga::cli
