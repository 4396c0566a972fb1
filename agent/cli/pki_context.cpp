#include "cli/pki_context.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include "sign/key_files.h"

namespace jaga::cli {

Result<std::optional<config::Config>> config_without_passwords(const CLI::App& root) {
  const CLI::Option* option = root.get_option_no_throw("--config");
  const bool given = option != nullptr && option->count() > 0;
  const std::string path = given ? option->as<std::string>() : "/etc/jaga/jaga.toml";
  struct stat st {};
  if (!given && stat(path.c_str(), &st) != 0) return std::optional<config::Config>();
  auto text = sign::read_file(path);
  if (!text) return Error{fmt::format("cannot read configuration file {}", path)};
  auto config = config::parse_config(*text, path);
  if (!config) return config.error();
  return std::optional<config::Config>(std::move(*config));
}

Result<config::PkiConfig> pki_config_for(const CLI::App& root, const std::string& dir_override) {
  auto config = config_without_passwords(root);
  if (!config) return config.error();
  config::PkiConfig pki = *config ? (*config)->pki : config::PkiConfig{};
  if (!dir_override.empty()) pki.dir = dir_override;
  return pki;
}

}  // namespace jaga::cli
