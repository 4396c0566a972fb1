// A PDF file's revisions as its cross-reference tables describe them (ISO 32000-1, 7.5): the
// newest trailer, /Prev back to the first, and object lookup "as of" any revision. Only
// classic cross-reference tables are read (what cairo and our incremental updates write);
// cross-reference streams, hybrid files and encrypted files are refused with a sentence.
#pragma once

#include <cstddef>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sign/pdf_object.h"

namespace jaga::sign::pdf {

struct XrefEntry {
  size_t offset = 0;
  int gen = 0;
  bool in_use = false;
};

struct Revision {
  size_t xref_offset = 0;  // where its "xref" keyword is
  Dict trailer;
  std::map<int, XrefEntry> entries;
};

class Document {
 public:
  static constexpr size_t kNewest = std::numeric_limits<size_t>::max();

  // Reads the structure of `data` (which must outlive the Document).
  static Result<Document> parse(std::string_view data);

  std::string_view data() const { return data_; }
  const std::vector<Revision>& revisions() const { return revisions_; }  // oldest first
  const Dict& trailer() const { return revisions_.back().trailer; }
  Ref root() const { return root_; }
  // /Size of the newest trailer, or one more than the highest object number any table lists
  // when that is larger (the first free object number).
  int size() const { return size_; }
  size_t newest_xref() const { return revisions_.back().xref_offset; }

  // The object `ref` as of revision index `upto` (kNewest: the file as a whole). A free or
  // unknown object is null, as the standard says.
  Result<Object> object(Ref ref, size_t upto = kNewest) const;
  // Follows `value` when it is a reference; otherwise returns a copy.
  Result<Object> resolve(const Object& value, size_t upto = kNewest) const;
  // The page tree's last page (for the signature widget).
  Result<Ref> last_page() const;

 private:
  Result<Revision> read_xref(size_t offset) const;

  std::string_view data_;
  std::vector<Revision> revisions_;
  Ref root_;
  int size_ = 0;
};

}  // namespace jaga::sign::pdf
