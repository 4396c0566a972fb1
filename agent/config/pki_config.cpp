#include "config/pki_config.h"

namespace jaga::config {

void read_pki_config(TableReader& r, PkiConfig& pki) {
  r.string("dir", pki.dir);
  if (!r.error && pki.dir.empty()) r.fail_at("dir", "must name a directory, got \"\"");
  if (!r.error && pki.dir.front() != '/') {
    r.fail_at("dir", "must be an absolute path, got \"" + pki.dir + "\"");
  }
  r.strings("trusted_cas", pki.trusted_cas);
  for (const std::string& path : pki.trusted_cas) {
    if (r.error) break;
    if (path.empty() || path.front() != '/') {
      r.fail_at("trusted_cas",
                "every entry must be an absolute path to a PEM file, got \"" + path + "\"");
    }
  }
}

}  // namespace jaga::config
