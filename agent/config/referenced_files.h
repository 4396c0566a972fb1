// The files and directories a configuration names, checked when it is loaded (load_config): one
// that is missing or unreadable is an Error naming the configuration file, the line and column
// of its value, and the key, e.g.
//   /etc/jaga/jaga.toml:12:17: servers.primary.password_file: cannot read password file
//   /etc/jaga/primary.password: No such file or directory
// Only keys written in the file are looked at: a default path that does not exist (the workflow
// definition on an agent that keeps no reports) is the business of the command that needs it.
// The files only report drafting reads (the workflow definition, the letterhead logo) are checked
// by `jaga config check` alone: a broken one must not stop the checks (see workflow_config.cpp).
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <string>
#include <string_view>

#include "config/config.h"
#include "core/result.h"

namespace jaga::config {

// Where each key of a configuration file was written.
class KeyPlaces {
 public:
  // `text` as parse_config read it from `path`; a text that does not parse has no places.
  KeyPlaces(std::string_view text, std::string path);

  // "PATH:LINE:COLUMN: KEY" for a key written in the file ("pki.trusted_cas[1]" for an element);
  // nullopt for a key left at its default.
  std::optional<std::string> where(const std::string& key) const;

 private:
  toml::table root_;
  std::string path_;
};

enum class FileCheck {
  kLoad,  // what every command needs: passwords, TLS, peer, notify files, directories
  kAll,   // and the files of report drafting, for `jaga config check`
};

// Every input file named by a written key exists, is a regular file and can be read; every
// directory jaga creates has a parent that exists; the directories it only uses exist.
Result<void> check_referenced_files(const Config& config, const KeyPlaces& places, FileCheck which);

// check_referenced_files(kAll) for a loaded configuration, reading config.path again for the
// places.
Result<void> check_all_referenced_files(const Config& config);

// resolve_passwords() with each error about a password file starting with its place.
Result<void> resolve_passwords(Config& config, const KeyPlaces& places);

}  // namespace jaga::config
