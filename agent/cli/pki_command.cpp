// jaga pki init|issue|import|issue-agent|list: the office's own certificate authority and the
// keys of the officials who sign reports and of the agents that talk over mutual TLS.
#include <fmt/format.h>

#include <cstdio>

#include "cli/command.h"
#include "cli/commands.h"
#include "cli/pki_context.h"
#include "sign/passphrase.h"
#include "sign/pki.h"
#include "workflow/definition.h"

namespace jaga::cli {
namespace {

struct PkiOptions {
  std::string dir;
  std::string ca_passphrase_file;
  std::string passphrase_file;
  std::string name;
  std::string nip;
  std::string organization;
  std::string role;
  std::string host;
  std::vector<std::string> alt_names;
  std::string p12;
  int days = 0;
  std::string format = "text";
};

int fail(const std::string& message) {
  std::fprintf(stderr, "jaga: %s\n", message.c_str());
  return 1;
}

Result<std::string> ca_passphrase(const PkiOptions& o, bool confirm) {
  return sign::read_passphrase(
      {o.ca_passphrase_file, "JAGA_CA_PASSPHRASE", "Passphrase of the office CA key: ", confirm});
}

Result<std::string> signer_passphrase(const PkiOptions& o, const std::string& prompt,
                                      bool confirm) {
  return sign::read_passphrase({o.passphrase_file, "JAGA_PASSPHRASE", prompt, confirm});
}

void add_dir_option(CLI::App* app, PkiOptions& o) {
  app->add_option("--pki-dir", o.dir, "PKI directory (default: [pki] dir of the configuration)");
}

void add_ca_passphrase_option(CLI::App* app, PkiOptions& o) {
  app->add_option("--ca-passphrase-file", o.ca_passphrase_file,
                  "File (mode 0600) holding the CA key's passphrase; else JAGA_CA_PASSPHRASE, "
                  "else asked on the terminal");
}

// The four-eyes rule when a signer is issued or imported: a person who already holds another
// role gets this one only when the workflow definition (of the configuration, else the default
// path) allows it, and then with a warning on stderr. Returns allow_multiple_roles for the
// request, or the Error that refuses it. Checked again under the PKI lock by sign::Pki.
Result<bool> second_role_allowed(const CLI::App& root, const std::string& pki_dir,
                                 const sign::Person& person, sign::Role role) {
  auto registry = sign::SignerRegistry::load(pki_dir);
  if (!registry) return registry.error();
  // Two NIPs under one name are two people to the rule; say so, in case one NIP is a typo.
  for (const sign::SignerRecord& r : registry->signers()) {
    if (!person.nip.empty() && !r.nip.empty() && r.nip != person.nip &&
        sign::same_person({r.name, ""}, {person.name, ""})) {
      std::fprintf(stderr,
                   "jaga: warning: %s is registered with another NIP as well (signer %s, NIP %s); "
                   "the four-eyes rule takes them for two people — if they are one, a NIP is "
                   "wrong\n",
                   person.name.c_str(), r.id.c_str(), r.nip.c_str());
      break;
    }
  }
  const std::vector<sign::SignerRecord> others = registry->other_roles(person, role);
  if (others.empty()) return false;
  auto config = config_without_passwords(root);
  if (!config) return config.error();
  const std::string path =
      *config ? (*config)->workflow.definition : config::WorkflowConfig{}.definition;
  auto definition = workflow::load_definition(path);
  if (!definition) {
    return Error{fmt::format(
        "{} already holds another role, and whether the workflow allows a second one is "
        "unknown: {}",
        sign::describe(person), definition.error().message)};
  }
  if (auto ok = registry->check_new_role(person, role, definition->allow_multiple_roles); !ok) {
    return Error{fmt::format("{} (workflow definition {})", ok.error().message, path)};
  }
  std::string held;
  for (const sign::SignerRecord& r : others) {
    held += fmt::format(", {} ({})", sign::role_name(r.role), r.id);
  }
  std::fprintf(stderr,
               "jaga: warning: %s now holds role %s besides%s; workflow %s allows it "
               "(allow_multiple_roles in %s), but the four-eyes rule still holds: one person "
               "never signs two steps of the same report version\n",
               sign::describe(person).c_str(), sign::role_name(role), held.substr(1).c_str(),
               definition->id.c_str(), path.c_str());
  return true;
}

int run_init(const CLI::App& root, const PkiOptions& o, const Clock& clock) {
  auto pki_config = pki_config_for(root, o.dir);
  if (!pki_config) return fail(pki_config.error().message);
  auto pass = ca_passphrase(o, true);
  if (!pass) return fail(pass.error().message);
  sign::CaRequest request;
  if (!o.name.empty()) request.name = o.name;
  request.organization = o.organization;
  if (o.days > 0) request.days = o.days;
  sign::Pki pki(pki_config->dir);
  auto ca = pki.init_ca(request, *pass, clock);
  if (!ca) return fail(ca.error().message);
  std::printf(
      "created CA \"%s\" in %s\n  certificate %s (give it to verifiers)\n  serial %s\n"
      "  valid until %s\n  fingerprint %s\n",
      ca->common_name.c_str(), pki.dir().c_str(), pki.ca_cert_path().c_str(), ca->serial.c_str(),
      format_utc(ca->not_after).c_str(), ca->fingerprint.c_str());
  return 0;
}

int run_issue(const CLI::App& root, const PkiOptions& o, const Clock& clock) {
  auto role = sign::parse_role(o.role);
  if (!role) return fail("--role must be apk, sub_koord or kabid");
  auto pki_config = pki_config_for(root, o.dir);
  if (!pki_config) return fail(pki_config.error().message);
  if (!o.nip.empty()) {
    if (auto nip = sign::check_nip(o.nip); !nip) return fail("--nip: " + nip.error().message);
  }
  auto allowed = second_role_allowed(root, pki_config->dir, sign::Person{o.name, o.nip}, *role);
  if (!allowed) return fail(allowed.error().message);
  auto ca_pass = ca_passphrase(o, false);
  if (!ca_pass) return fail(ca_pass.error().message);
  auto pass = signer_passphrase(o, fmt::format("New passphrase for {}'s key: ", o.name), true);
  if (!pass) return fail(pass.error().message);
  sign::SignerRequest request{*role, o.name, o.days > 0 ? o.days : 730, o.nip, *allowed};
  auto record = sign::Pki(pki_config->dir).issue_signer(request, *ca_pass, *pass, clock);
  if (!record) return fail(record.error().message);
  std::printf("issued signer %s: %s (%s)\n  serial %s, valid until %s\n  fingerprint %s\n",
              record->id.c_str(), sign::describe(record->person()).c_str(),
              sign::role_title(record->role), record->serial.c_str(),
              format_utc(record->not_after).c_str(), record->fingerprint.c_str());
  return 0;
}

int run_import(const CLI::App& root, const PkiOptions& o) {
  auto role = sign::parse_role(o.role);
  if (!role) return fail("--role must be apk, sub_koord or kabid");
  auto pki_config = pki_config_for(root, o.dir);
  if (!pki_config) return fail(pki_config.error().message);
  if (!o.nip.empty()) {
    if (auto nip = sign::check_nip(o.nip); !nip) return fail("--nip: " + nip.error().message);
  }
  auto allowed = second_role_allowed(root, pki_config->dir, sign::Person{o.name, o.nip}, *role);
  if (!allowed) return fail(allowed.error().message);
  auto pass = signer_passphrase(o, fmt::format("Passphrase of {}: ", o.p12), false);
  if (!pass) return fail(pass.error().message);
  auto record = sign::Pki(pki_config->dir).import_p12(*role, o.name, o.p12, *pass, o.nip, *allowed);
  if (!record) return fail(record.error().message);
  std::printf(
      "imported signer %s: %s (%s), issued by %s\n  serial %s, valid until %s\n"
      "  fingerprint %s\n  verification needs the issuing CA in [pki] trusted_cas\n",
      record->id.c_str(), sign::describe(record->person()).c_str(), sign::role_title(record->role),
      record->issuer.c_str(), record->serial.c_str(), format_utc(record->not_after).c_str(),
      record->fingerprint.c_str());
  return 0;
}

int run_issue_agent(const CLI::App& root, const PkiOptions& o, const Clock& clock) {
  auto pki_config = pki_config_for(root, o.dir);
  if (!pki_config) return fail(pki_config.error().message);
  auto pass = ca_passphrase(o, false);
  if (!pass) return fail(pass.error().message);
  sign::AgentRequest request{o.host, o.alt_names, o.days > 0 ? o.days : 825};
  auto files = sign::Pki(pki_config->dir).issue_agent(request, *pass, clock);
  if (!files) return fail(files.error().message);
  std::printf(
      "issued agent certificate for %s\n  certificate %s\n  key %s (unencrypted, 0600)\n"
      "  CA %s\n  serial %s, valid until %s\n"
      "  fingerprint (SHA-256) %s\n"
      "pin it on the other agent, in its [[peer.peers]] entry for this host:\n"
      "  fingerprint = \"%s\"\n",
      o.host.c_str(), files->cert_file.c_str(), files->key_file.c_str(), files->ca_file.c_str(),
      files->cert.serial.c_str(), format_utc(files->cert.not_after).c_str(),
      files->cert.fingerprint.c_str(), files->cert.fingerprint.c_str());
  return 0;
}

int run_list(const CLI::App& root, const PkiOptions& o) {
  auto pki_config = pki_config_for(root, o.dir);
  if (!pki_config) return fail(pki_config.error().message);
  auto signers = sign::Pki(pki_config->dir).list_signers();
  if (!signers) return fail(signers.error().message);
  if (signers->empty()) {
    std::printf("no signers in %s (see: jaga pki issue)\n", pki_config->dir.c_str());
    return 0;
  }
  std::printf("%-28s %-24s %-9s %-8s %-20s %s\n", "ID", "NAME", "ROLE", "SOURCE", "EXPIRES",
              "SERIAL / FINGERPRINT (SHA-256)");
  for (const sign::SignerRecord& r : *signers) {
    const std::string nip = r.nip.empty() ? "" : "NIP " + r.nip;
    std::printf("%-28s %-24s %-9s %-8s %-20s %s\n%-28s %-24s %31s %s\n", r.id.c_str(),
                r.name.c_str(), sign::role_name(r.role), r.source.c_str(),
                format_utc(r.not_after).c_str(), r.serial.c_str(), "", nip.c_str(), "",
                r.fingerprint.c_str());
  }
  return 0;
}

}  // namespace

void add_pki_commands(CLI::App& app, Commands& commands) {
  auto options = std::make_shared<PkiOptions>();
  PkiOptions& o = *options;
  CLI::App* pki = app.add_subcommand("pki", "The office's certificate authority and signing keys");
  pki->require_subcommand(1);
  pki->footer(
      "Passphrases are never taken from the command line: --passphrase-file and\n"
      "--ca-passphrase-file (mode 0600), JAGA_PASSPHRASE and JAGA_CA_PASSPHRASE, or a prompt.");

  CLI::App* init = pki->add_subcommand("init", "Create the office's own CA (never overwritten)");
  init->add_option("--name", o.name, "CA name (CN)");
  init->add_option("--organization", o.organization, "Organization (O) of issued certificates");
  init->add_option("--days", o.days, "Validity in days (default 3650)")
      ->check(CLI::Range(1, 36500));
  add_dir_option(init, o);
  add_ca_passphrase_option(init, o);

  CLI::App* issue = pki->add_subcommand("issue", "Issue a personal signing certificate and key");
  issue->footer(
      "One person holds one role: a person (same NIP, or same name without NIP) who holds\n"
      "another role already is refused, unless the workflow definition sets\n"
      "allow_multiple_roles = true (an acting official, Plt.); then it warns. Either way, one\n"
      "person never signs two steps of the same report version.");
  issue->add_option("--role", o.role, "apk, sub_koord or kabid")
      ->required()
      ->check(CLI::IsMember({"apk", "sub_koord", "kabid"}));
  issue->add_option("--name", o.name, "The person's full name")->required();
  issue->add_option("--nip", o.nip,
                    "The person's NIP (18 digits): tells officials with the same name apart "
                    "for the four-eyes rule; without it the person is known by name");
  issue->add_option("--days", o.days, "Validity in days (default 730)")
      ->check(CLI::Range(1, 36500));
  issue->add_option("--passphrase-file", o.passphrase_file,
                    "File (mode 0600) with the new key's passphrase; else JAGA_PASSPHRASE");
  add_dir_option(issue, o);
  add_ca_passphrase_option(issue, o);

  CLI::App* import_cmd =
      pki->add_subcommand("import", "Import a PKCS#12 from an external authority");
  import_cmd->add_option("--role", o.role, "apk, sub_koord or kabid")
      ->required()
      ->check(CLI::IsMember({"apk", "sub_koord", "kabid"}));
  import_cmd->add_option("--name", o.name, "The person's full name")->required();
  import_cmd->add_option("--nip", o.nip, "The person's NIP (18 digits)");
  import_cmd->add_option("file", o.p12, "The .p12/.pfx file")->required();
  import_cmd->add_option("--passphrase-file", o.passphrase_file,
                         "File (mode 0600) with the PKCS#12 passphrase; else JAGA_PASSPHRASE");
  add_dir_option(import_cmd, o);

  CLI::App* agent = pki->add_subcommand("issue-agent", "Issue an agent's mutual-TLS certificate");
  agent->add_option("--host", o.host, "Host name or IP address (CN and first SAN)")->required();
  agent->add_option("--san", o.alt_names, "Another DNS name or IP address (repeatable)");
  agent->add_option("--days", o.days, "Validity in days (default 825)")
      ->check(CLI::Range(1, 36500));
  add_dir_option(agent, o);
  add_ca_passphrase_option(agent, o);

  CLI::App* list = pki->add_subcommand("list", "List the registered signers");
  add_dir_option(list, o);

  const CLI::App& root = app;
  // The commands read only [pki] of the configuration themselves (see cli/pki_context.h).
  auto add = [&](CLI::App* sub, std::function<int(const CommandContext&)> run) {
    Command command;
    command.app = sub;
    command.run = std::move(run);
    command.needs_config = false;
    commands.push_back(std::move(command));
  };
  add(init,
      [&root, options](const CommandContext& c) { return run_init(root, *options, c.clock); });
  add(issue,
      [&root, options](const CommandContext& c) { return run_issue(root, *options, c.clock); });
  add(import_cmd, [&root, options](const CommandContext&) { return run_import(root, *options); });
  add(agent, [&root, options](const CommandContext& c) {
    return run_issue_agent(root, *options, c.clock);
  });
  add(list, [&root, options](const CommandContext&) { return run_list(root, *options); });
}

}  // namespace jaga::cli
