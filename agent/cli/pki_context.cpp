#include "cli/pki_context.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include "sign/key_files.h"

namespace jaga::cli {

Result<config::PkiConfig> pki_config_for(const CLI::App& root, const std::string& dir_override) {
  config::PkiConfig pki;
  const CLI::Option* option = root.get_option_no_throw("--config");
  const bool given = option != nullptr && option->count() > 0;
  const std::string path = given ? option->as<std::string>() : "/etc/jaga/jaga.toml";
  struct stat st {};
  if (given || stat(path.c_str(), &st) == 0) {
    auto text = sign::read_file(path);
    if (!text) return Error{fmt::format("cannot read configuration file {}", path)};
    auto config = config::parse_config(*text, path);
    if (!config) return config.error();
    pki = config->pki;
  }
  if (!dir_override.empty()) pki.dir = dir_override;
  return pki;
}

}  // namespace jaga::cli
