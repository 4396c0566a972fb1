// libFuzzer target: backup/manifest.h parse_manifest on arbitrary text. Besides not crashing,
// a manifest that parses must serialize with to_json into text that parses again to the same
// JSON, and within the manifest's own nesting limit.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "backup/manifest.h"

namespace {

int depth_of(const nlohmann::json& j) {
  int deepest = 0;
  if (j.is_structured()) {
    for (const auto& item : j) deepest = std::max(deepest, depth_of(item));
    return deepest + 1;
  }
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jaga::backup;
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto manifest = parse_manifest(text, "fuzz/manifest.json");
  if (!manifest) {
    if (manifest.error().message.empty()) std::abort();
    return 0;
  }
  const nlohmann::json first = to_json(*manifest);
  if (depth_of(first) > kMaxManifestDepth) std::abort();
  auto again = parse_manifest(first.dump(), "fuzz/again.json");
  if (!again) std::abort();  // what jaga writes, jaga must read
  if (to_json(*again) != first) std::abort();
  if (!again->unknown_keys.empty()) std::abort();  // to_json writes only keys it knows
  return 0;
}
