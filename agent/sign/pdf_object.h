// The PDF object model (ISO 32000-1, 7.3) as far as signing needs it: what the parser reads,
// what the incremental writer serializes, and structural comparison for checking what a later
// revision changed. Stream data is never loaded.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace jaga::sign::pdf {

struct Null {
  bool operator==(const Null&) const = default;
};
struct Ref {
  int num = 0;
  int gen = 0;
  bool operator==(const Ref&) const = default;
  auto operator<=>(const Ref&) const = default;
};
struct Name {
  std::string value;  // decoded: "#20" is a space
  bool operator==(const Name&) const = default;
};
struct String {
  std::string bytes;  // decoded from literal or hex form
  bool operator==(const String&) const = default;
};
struct Real {
  std::string text;  // as written, so it is written back unchanged
  bool operator==(const Real&) const = default;
};

struct Object;
using Array = std::vector<Object>;

class Dict {
 public:
  // Declared here, defaulted in pdf_object.cpp where Object is complete: clang (14, with
  // libstdc++) otherwise instantiates std::pair<std::string, Object> while Object is incomplete.
  Dict();
  Dict(const Dict&);
  Dict(Dict&&) noexcept;
  Dict& operator=(const Dict&);
  Dict& operator=(Dict&&) noexcept;
  ~Dict();

  const Object* get(std::string_view key) const;
  void set(std::string key, Object value);
  void erase(std::string_view key);
  const std::vector<std::pair<std::string, Object>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::string, Object>> entries_;
};

struct Object {
  std::variant<Null, bool, int64_t, Real, Name, String, Array, Dict, Ref> value;
  // Set on an indirect object that is a stream: the offset of its data.
  bool is_stream = false;

  const Dict* dict() const { return std::get_if<Dict>(&value); }
  Dict* dict() { return std::get_if<Dict>(&value); }
  const Array* array() const { return std::get_if<Array>(&value); }
  const Ref* ref() const { return std::get_if<Ref>(&value); }
  const Name* name() const { return std::get_if<Name>(&value); }
  const String* string() const { return std::get_if<String>(&value); }
  const int64_t* integer() const { return std::get_if<int64_t>(&value); }
  // The dictionary's /Type (or "" when there is none or this is not a dictionary).
  std::string type() const;
};

Object make_name(std::string value);
Object make_ref(Ref ref);
// A PDF text string from UTF-8: the bytes themselves when ASCII, else UTF-16BE with a BOM.
Object make_text(std::string_view utf8);
// A PDF text string back to UTF-8 (UTF-16BE with BOM, or PDFDocEncoding taken as Latin-1).
std::string text_of(const String& string);

bool equal(const Object& a, const Object& b);
// Dictionaries equal apart from the keys in `ignored`.
bool equal_except(const Dict& a, const Dict& b, const std::vector<std::string>& ignored);

// PDF syntax for `object`; strings are written in hex form.
std::string serialize(const Object& object);

}  // namespace jaga::sign::pdf
