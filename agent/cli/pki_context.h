// Where the pki and verify commands find the PKI: --pki-dir when given, else [pki] of the
// configuration file (read without resolving database passwords, so an official without
// access to them can still sign and verify), else the defaults.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "config/config.h"
#include "core/result.h"

namespace jaga::cli {

// The configuration named by --config (or /etc/jaga/jaga.toml when it exists), parsed without
// reading password files; nullopt when no --config was given and the default file is absent.
Result<std::optional<config::Config>> config_without_passwords(const CLI::App& root);

// `root` is the jaga app (for its --config option); `dir_override` the --pki-dir value.
Result<config::PkiConfig> pki_config_for(const CLI::App& root, const std::string& dir_override);

}  // namespace jaga::cli
