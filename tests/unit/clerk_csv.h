// Reads a clerk's CSV (print::clerk_csv) the way a spreadsheet with ';' as separator does, for
// the tests of the agenda book's and the register's exports.
#pragma once

#include <string>
#include <vector>

namespace jaga::testing {

// Splits CSV text into rows of fields: quoted fields may hold ';', '"' (doubled) and line breaks;
// rows end with CRLF. The byte order mark, if any, stays in the first field.
inline std::vector<std::vector<std::string>> parse_clerk_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ';') {
      rows.back().push_back(field);
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(field);
      field.clear();
      rows.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

}  // namespace jaga::testing
