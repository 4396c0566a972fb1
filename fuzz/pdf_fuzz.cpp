// libFuzzer target: the PDF reading behind report signatures. sign/pdf_document.h parses the
// revisions; every object each revision lists is then read as of that revision, with the last
// page the signer would use. Last comes verify_pdf itself against an empty trust store: it
// walks the form fields, byte ranges and CMS structures of the bytes (OpenSSL parses, nothing
// is loaded from disk), and with no trust anchor no signature may come out valid.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sign/pdf_document.h"
#include "sign/trust_store.h"
#include "sign/verifier.h"

namespace {

// Bounds the work per input: a file may list a million objects in a few bytes of xref.
constexpr int kMaxObjectsRead = 256;

void read_objects(const jaga::sign::pdf::Document& doc) {
  int budget = kMaxObjectsRead;
  const auto& revisions = doc.revisions();
  for (size_t i = 0; i < revisions.size(); ++i) {
    for (const auto& [num, entry] : revisions[i].entries) {
      if (--budget < 0) return;
      auto object = doc.object(jaga::sign::pdf::Ref{num, entry.gen}, i);
      if (object) (void)doc.resolve(*object, i);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jaga::sign;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto doc = pdf::Document::parse(bytes);
  if (doc) {
    if (doc->revisions().empty()) std::abort();
    read_objects(*doc);
    (void)doc->object(doc->root());
    (void)doc->last_page();
  }
  const TrustStore no_anchors;
  const jaga::TimePoint now = std::chrono::sys_days{std::chrono::year{2026} / 12 / 1};
  auto signatures = verify_pdf(bytes, no_anchors, now);
  if (!doc && signatures) std::abort();  // verify_pdf reads through the same parser
  if (signatures) {
    for (const VerifiedSignature& s : *signatures) {
      if (s.valid || s.problem.empty()) std::abort();
    }
  }
  return 0;
}
