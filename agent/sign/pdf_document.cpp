#include "sign/pdf_document.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "sign/pdf_parser.h"

namespace jaga::sign::pdf {
namespace {

// A real document has a handful of revisions (one per signature); this bounds a /Prev chain.
constexpr size_t kMaxRevisions = 10000;
constexpr int kMaxPageDepth = 64;

Error malformed(const std::string& what) { return Error{"malformed PDF: " + what}; }

}  // namespace

Result<Revision> Document::read_xref(size_t offset) const {
  if (offset >= data_.size()) {
    return malformed(
        fmt::format("the cross-reference table offset {} lies beyond the end of the "
                    "file ({} bytes)",
                    offset, data_.size()));
  }
  Parser p(data_, offset);
  const std::string word = p.keyword();
  if (word != "xref") {
    if (!word.empty() && std::isdigit(static_cast<unsigned char>(word[0]))) {
      Parser q(data_, offset);
      if (q.integer() && q.integer() && q.keyword() == "obj") {
        return Error{fmt::format(
            "the PDF uses a cross-reference stream (byte {}), which jaga does not read; only "
            "classic cross-reference tables (as cairo writes) are supported",
            offset)};
      }
    }
    return malformed(
        fmt::format("expected 'xref' at byte {} (where startxref or /Prev points)", offset));
  }
  Revision revision;
  revision.xref_offset = offset;
  while (true) {
    const size_t before = p.pos();
    const std::string next = p.keyword();
    if (next == "trailer") break;
    Parser section(data_, before);
    auto first = section.integer();
    if (!first) {
      return malformed(
          fmt::format("expected a cross-reference subsection or 'trailer' at byte {}", before));
    }
    auto count = section.integer();
    if (!count) return count.error();
    // An entry is 20 bytes; a count the rest of the file cannot hold is corrupt.
    if (*first < 0 || *count < 0 || *first > 0x7FFFFFFF - *count ||
        static_cast<size_t>(*count) > (data_.size() - section.pos()) / 18) {
      return malformed(fmt::format("impossible cross-reference subsection '{} {}' at byte {}",
                                   *first, *count, before));
    }
    for (int64_t i = 0; i < *count; ++i) {
      const size_t at = section.pos();
      auto where = section.integer();
      auto gen = where ? section.integer() : Result<int64_t>(where.error());
      const std::string kind = gen ? section.keyword() : "";
      if (!where || !gen || (kind != "n" && kind != "f") || *where < 0 || *gen < 0 ||
          *gen > 65535) {
        return malformed(
            fmt::format("cross-reference entry {} of subsection '{} {}' at byte {} is not "
                        "'OFFSET GENERATION n|f'",
                        i, *first, *count, at));
      }
      const int num = static_cast<int>(*first + i);
      revision.entries[num] =
          XrefEntry{static_cast<size_t>(*where), static_cast<int>(*gen), kind == "n"};
    }
    p = section;
  }
  auto trailer = p.object();
  if (!trailer) return trailer.error();
  if (!trailer->dict())
    return malformed(fmt::format("the trailer at byte {} is not a dictionary", p.pos()));
  revision.trailer = *trailer->dict();
  return revision;
}

Result<Document> Document::parse(std::string_view data) {
  Document doc;
  doc.data_ = data;
  if (data.substr(0, 1024).find("%PDF-") == std::string_view::npos) {
    return Error{"not a PDF file: no '%PDF-' header in its first 1024 bytes"};
  }
  const size_t tail_start = data.size() > 2048 ? data.size() - 2048 : 0;
  const size_t startxref = data.rfind("startxref");
  if (startxref == std::string_view::npos || startxref < tail_start) {
    return malformed("no 'startxref' near the end of the file (truncated?)");
  }
  if (data.find("%%EOF", startxref) == std::string_view::npos) {
    return malformed("no '%%EOF' after the last 'startxref' (truncated?)");
  }
  Parser p(data, startxref + 9);
  auto offset = p.integer();
  if (!offset)
    return malformed(fmt::format("'startxref' at byte {} is not followed by an offset", startxref));
  if (*offset < 0) return malformed(fmt::format("negative startxref offset {}", *offset));

  std::set<size_t> seen;
  size_t next = static_cast<size_t>(*offset);
  while (true) {
    if (!seen.insert(next).second || seen.size() > kMaxRevisions) {
      return malformed(
          fmt::format("the /Prev chain of cross-reference tables loops at byte {}", next));
    }
    auto revision = doc.read_xref(next);
    if (!revision) return revision.error();
    const Dict& trailer = revision->trailer;
    if (trailer.get("Encrypt"))
      return Error{"the PDF is encrypted; jaga signs only unencrypted PDFs"};
    if (trailer.get("XRefStm")) {
      return Error{
          "the PDF is a hybrid-reference file (/XRefStm); jaga reads only classic "
          "cross-reference tables"};
    }
    const Object* prev = trailer.get("Prev");
    doc.revisions_.insert(doc.revisions_.begin(), std::move(*revision));
    if (prev == nullptr) break;
    if (!prev->integer() || *prev->integer() < 0)
      return malformed("/Prev in a trailer is not an offset");
    next = static_cast<size_t>(*prev->integer());
  }
  const Dict& trailer = doc.trailer();
  const Object* root = trailer.get("Root");
  if (root == nullptr || !root->ref())
    return malformed("the trailer has no /Root reference to the catalog");
  doc.root_ = *root->ref();
  const Object* size = trailer.get("Size");
  if (size == nullptr || !size->integer() || *size->integer() < 1 || *size->integer() > 8388607) {
    return malformed("the trailer has no valid /Size");
  }
  doc.size_ = static_cast<int>(*size->integer());
  // New objects are numbered from /Size; a /Size too small would make them replace objects.
  for (const Revision& r : doc.revisions_) {
    if (!r.entries.empty() && r.entries.rbegin()->first >= doc.size_) {
      doc.size_ = r.entries.rbegin()->first + 1;
    }
  }
  auto catalog = doc.object(doc.root_);
  if (!catalog) return catalog.error();
  if (catalog->type() != "Catalog") {
    return malformed(
        fmt::format("/Root {} {} R is not a /Catalog dictionary", doc.root_.num, doc.root_.gen));
  }
  return doc;
}

Result<Object> Document::object(Ref ref, size_t upto) const {
  const size_t last = std::min(upto, revisions_.size() - 1);
  for (size_t i = last + 1; i-- > 0;) {
    auto it = revisions_[i].entries.find(ref.num);
    if (it == revisions_[i].entries.end()) continue;
    const XrefEntry& entry = it->second;
    if (!entry.in_use) return Object{Null{}};
    if (entry.gen != ref.gen) return Object{Null{}};
    auto found = parse_indirect_object(data_, entry.offset);
    if (!found) {
      return Error{fmt::format("{} (object {} {} R, at the offset its cross-reference entry gives)",
                               found.error().message, ref.num, ref.gen)};
    }
    if (found->ref != ref) {
      return malformed(fmt::format(
          "the cross-reference entry of object {} {} R points at byte {}, where object {} {} is",
          ref.num, ref.gen, entry.offset, found->ref.num, found->ref.gen));
    }
    return std::move(found->value);
  }
  return Object{Null{}};
}

Result<Object> Document::resolve(const Object& value, size_t upto) const {
  if (const Ref* ref = value.ref()) return object(*ref, upto);
  return value;
}

Result<Ref> Document::last_page() const {
  auto catalog = object(root_);
  if (!catalog) return catalog.error();
  const Object* pages = catalog->dict()->get("Pages");
  if (pages == nullptr || !pages->ref()) return malformed("the catalog has no /Pages reference");
  Ref node = *pages->ref();
  std::set<int> visited;
  for (int depth = 0; depth < kMaxPageDepth; ++depth) {
    if (!visited.insert(node.num).second) return malformed("the page tree loops");
    auto obj = object(node);
    if (!obj) return obj.error();
    if (!obj->dict())
      return malformed(
          fmt::format("page tree node {} {} R is not a dictionary", node.num, node.gen));
    if (obj->type() == "Page") return node;
    const Object* kids = obj->dict()->get("Kids");
    auto kids_array = kids ? resolve(*kids) : Result<Object>(malformed("no /Kids"));
    if (!kids_array || !kids_array->array() || kids_array->array()->empty() ||
        !kids_array->array()->back().ref()) {
      return malformed(
          fmt::format("page tree node {} {} R has no /Kids with a page", node.num, node.gen));
    }
    node = *kids_array->array()->back().ref();
  }
  return malformed("the page tree is nested too deeply");
}

}  // namespace jaga::sign::pdf
