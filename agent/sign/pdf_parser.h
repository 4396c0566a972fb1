// Reading PDF objects from bytes (ISO 32000-1, 7.2 and 7.3). Every failure is an Error naming
// the byte offset and what was expected; nesting is bounded so garbage cannot exhaust the
// stack.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "sign/pdf_object.h"

namespace jaga::sign::pdf {

class Parser {
 public:
  Parser(std::string_view data, size_t pos) : data_(data), pos_(pos) {}

  size_t pos() const { return pos_; }
  bool at_end() const { return pos_ >= data_.size(); }
  void skip_space();
  // The next run of regular characters ("xref", "trailer", "obj", "123"); "" at a delimiter.
  std::string keyword();
  // Skips whitespace and reads `word` exactly; Error when something else is there.
  Result<void> expect(std::string_view word);
  // A direct object; "N G R" is read as a reference.
  Result<Object> object();
  Result<int64_t> integer();

  static bool is_space(char c);
  static bool is_delimiter(char c);

 private:
  Result<Object> object(int depth);
  Result<Object> number_or_ref();
  Result<Object> literal_string();
  Result<Object> hex_string();
  Result<Object> name();
  Result<Object> array(int depth);
  Result<Object> dictionary(int depth);
  Error error(const std::string& what) const;

  std::string_view data_;
  size_t pos_;
};

struct IndirectObject {
  Ref ref;
  Object value;
};

// Reads "N G obj <object> [stream ...] endobj" at `offset` (streams are marked, not read).
Result<IndirectObject> parse_indirect_object(std::string_view data, size_t offset);

}  // namespace jaga::sign::pdf
