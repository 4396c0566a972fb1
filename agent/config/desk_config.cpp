#include <fmt/format.h>

#include "config/config.h"
#include "config/table_reader.h"

namespace jaga::config {
namespace {

// "https://host" or "https://host:port", no path, query or trailing slash: links are made by
// appending "/path" to it.
bool is_public_url(const std::string& url) {
  constexpr std::string_view kScheme = "https://";
  if (url.size() <= kScheme.size() || url.compare(0, kScheme.size(), kScheme) != 0) return false;
  const std::string_view rest = std::string_view(url).substr(kScheme.size());
  for (char c : rest) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
    if (!ok) return false;
  }
  return rest.front() != ':' && rest.back() != ':';
}

}  // namespace

void read_desk(TableReader& r, DeskConfig& desk) {
  desk.enabled = true;
  std::string listen;
  r.string("listen", listen, true);
  r.string("cert", desk.cert, true);
  r.string("key", desk.key, true);
  r.string("public_url", desk.public_url, true);
  r.integer("session_idle_minutes", desk.session_idle_minutes, 1, 480);
  if (r.error) return;
  if (auto split = split_listen(listen, desk.listen_host, desk.listen_port); !split) {
    return r.fail_at("listen", split.error().message);
  }
  for (const auto& [key, path] : {std::pair{"cert", &desk.cert}, std::pair{"key", &desk.key}}) {
    if (path->empty() || path->front() != '/') {
      return r.fail_at(key,
                       fmt::format("must be an absolute path to a PEM file, got \"{}\"", *path));
    }
  }
  if (!is_public_url(desk.public_url)) {
    return r.fail_at("public_url",
                     fmt::format("must be https://HOST or https://HOST:PORT (no path, no trailing "
                                 "slash), got \"{}\"",
                                 desk.public_url));
  }
}

}  // namespace jaga::config
