// libFuzzer target: the peer wire on an arbitrary body. peer/result_wire.h page_from_json, as a
// coordinator reads a page from a peer: a page that parses must round-trip (page_to_json writes
// text that page_from_json accepts and that serializes to the same text again). And
// peer/witness_wire.h links_from_json, as the witness reads a push: links that parse round-trip,
// and well-formed ones always agree with themselves as the held links.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "agenda/agenda_witness.h"
#include "peer/result_wire.h"
#include "peer/witness_wire.h"

namespace {

void witness_links(const std::string& body) {
  using namespace jaga;
  auto links = peer::links_from_json(body, "fuzz witness", peer::kMaxWitnessLinks);
  if (!links) {
    if (links.error().message.empty()) std::abort();
    return;
  }
  auto again = peer::links_from_json(peer::links_to_json(*links), "again", peer::kMaxWitnessLinks);
  if (!again || *again != *links) std::abort();
  if (agenda::malformed_links(*links)) return;
  if (agenda::witness_refusal(*links, *links)) std::abort();  // the same links always agree
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jaga::peer;
  const std::string body(reinterpret_cast<const char*>(data), size);
  witness_links(body);
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
