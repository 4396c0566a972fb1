// libFuzzer target: peer/result_wire.h page_from_json on an arbitrary body, as a coordinator
// reads it from a peer. A page that parses must round-trip: page_to_json writes text that
// page_from_json accepts and that serializes to the same text again.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "peer/result_wire.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jaga::peer;
  const std::string body(reinterpret_cast<const char*>(data), size);
  auto page = page_from_json(body, "fuzz-peer:9443", 0);
  if (!page) {
    if (page.error().message.empty()) std::abort();
    return 0;
  }
  const std::string first = page_to_json(*page);
  auto again = page_from_json(first, "fuzz-peer:9443", 0);
  if (!again) std::abort();  // what an agent serves, the coordinator must read
  if (again->results.size() != page->results.size() || again->more != page->more) std::abort();
  if (page_to_json(*again) != first) std::abort();
  return 0;
}
