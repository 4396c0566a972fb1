// libFuzzer target: config/config.h parse_config on arbitrary TOML text. It reads no password
// file, directory or environment (that is resolve_passwords and check_referenced_files), so
// the target touches nothing outside the process. Every error names the file.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "config/config.h"
#include "config/referenced_files.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jaga::config;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string path = "/etc/jaga/fuzz.toml";
  auto config = parse_config(text, path);
  if (!config) {
    if (config.error().message.rfind(path, 0) != 0) std::abort();  // errors start with the file
    return 0;
  }
  // The places of keys, as the file checks use them in their messages.
  const KeyPlaces places(text, path);
  if (auto where = places.where("servers.primary.host"); where && where->rfind(path, 0) != 0) {
    std::abort();
  }
  return 0;
}
