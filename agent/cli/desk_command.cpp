// `jaga desk user add|passwd|disable|enable|list`: the officials' accounts of the web desk, each
// bound to a signer of `jaga pki list` and its role. Passwords are read like passphrases (a file
// only its owner can read, $JAGA_DESK_PASSWORD, or the terminal, twice), never from argv, and
// kept as Argon2id hashes in the evidence store.
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "cli/chain_environment.h"
#include "cli/command.h"
#include "cli/commands.h"
#include "desk/account_store.h"
#include "desk/password.h"
#include "sign/passphrase.h"
#include "sign/signer_registry.h"
#include "sign/signer_role.h"

namespace jaga::cli {
namespace {

struct UserOptions {
  std::string user;
  std::string signer;
  std::string role;
  std::string password_file;
};

Result<std::string> read_new_password(const UserOptions& o) {
  auto password = sign::read_passphrase({o.password_file, "JAGA_DESK_PASSWORD",
                                         fmt::format("New desk password of {}: ", o.user), true});
  if (!password) return password.error();
  if (password->size() < 10) return Error{"a desk password needs at least 10 characters"};
  return desk::hash_password(*password);
}

int with_accounts(const CommandContext& c,
                  const std::function<int(desk::AccountStore&, store::EvidenceStore&)>& run) {
  auto evidence =
      store::EvidenceStore::open(c.config->agent.evidence_db, c.config->agent.personal_key);
  if (!evidence) return fail(evidence.error().message);
  desk::AccountStore accounts(**evidence);
  return run(accounts, **evidence);
}

int add_user(const CommandContext& c, const UserOptions& o) {
  auto registry = sign::SignerRegistry::load(c.config->pki.dir);
  if (!registry) return fail(registry.error().message);
  auto signer = registry->find(o.signer);
  if (!signer) return fail(signer.error().message);
  auto role = sign::parse_role(o.role);
  if (!role) return fail(fmt::format("unknown role '{}': apk, sub_koord or kabid", o.role));
  if (signer->role != *role) {
    return fail(fmt::format("signer {} holds the role {}, not {}", signer->id,
                            sign::role_name(signer->role), o.role));
  }
  auto hash = read_new_password(o);
  if (!hash) return fail(hash.error().message);
  return with_accounts(c, [&](desk::AccountStore& accounts, store::EvidenceStore&) {
    if (auto r = accounts.add({o.user, signer->id, o.role, *hash, false}, c.clock.now()); !r) {
      return fail(r.error().message);
    }
    std::printf("desk user %s added for signer %s (%s)\n", o.user.c_str(), signer->id.c_str(),
                o.role.c_str());
    return 0;
  });
}

void add_user_command(CLI::App& user, Commands& commands, const std::string& name,
                      const std::string& help) {
  auto o = std::make_shared<UserOptions>();
  CLI::App* cmd = user.add_subcommand(name, help);
  if (name != "list") cmd->add_option("user", o->user, "The login name")->required();
  if (name == "add") {
    cmd->add_option("--signer", o->signer, "Signer id or name (see: jaga pki list)")->required();
    cmd->add_option("--role", o->role, "apk, sub_koord or kabid: the signer's role")
        ->required()
        ->check(CLI::IsMember({"apk", "sub_koord", "kabid"}));
  }
  if (name == "add" || name == "passwd") {
    cmd->add_option("--password-file", o->password_file,
                    "File holding the password (mode 0600); else $JAGA_DESK_PASSWORD, else "
                    "asked twice on the terminal");
  }
  commands.push_back(
      {cmd, [o, name](const CommandContext& c) {
         if (name == "add") return add_user(c, *o);
         return with_accounts(c, [&](desk::AccountStore& accounts, store::EvidenceStore&) {
           if (name == "list") {
             auto all = accounts.list();
             if (!all) return fail(all.error().message);
             for (const desk::Account& a : *all) {
               std::printf("%-20s %-10s %-30s %s\n", a.user.c_str(), a.role.c_str(),
                           a.signer.c_str(), a.disabled ? "disabled" : "active");
             }
             return 0;
           }
           Result<void> done = Ok();
           if (name == "passwd") {
             auto hash = read_new_password(*o);
             if (!hash) return fail(hash.error().message);
             done = accounts.set_password(o->user, *hash, c.clock.now());
           } else {
             done = accounts.set_disabled(o->user, name == "disable", c.clock.now());
           }
           if (!done) return fail(done.error().message);
           std::printf("desk user %s: %s\n", o->user.c_str(),
                       name == "passwd"
                           ? "password changed, sessions ended"
                           : (name == "disable" ? "disabled, sessions ended" : "enabled"));
           return 0;
         });
       }});
}

}  // namespace

void add_desk_commands(CLI::App& app, Commands& commands) {
  CLI::App* desk = app.add_subcommand("desk", "The officials' web desk (served by jaga serve)");
  desk->require_subcommand(1);
  CLI::App* user = desk->add_subcommand("user", "Accounts of the officials on the desk");
  user->require_subcommand(1);
  add_user_command(*user, commands, "add", "Add an account bound to a signer and its role");
  add_user_command(*user, commands, "passwd", "Set an account's password; ends its sessions");
  add_user_command(*user, commands, "disable", "Disable an account; ends its sessions");
  add_user_command(*user, commands, "enable", "Enable a disabled account");
  add_user_command(*user, commands, "list", "List the accounts");
}

}  // namespace jaga::cli
