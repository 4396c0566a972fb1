#include "sign/pdf_parser.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

namespace jaga::sign::pdf {
namespace {

// Deeper nesting than this does not occur in real documents; it stops hostile input.
constexpr int kMaxDepth = 64;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool Parser::is_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

bool Parser::is_delimiter(char c) {
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
         c == '}' || c == '/' || c == '%';
}

Error Parser::error(const std::string& what) const {
  return Error{fmt::format("malformed PDF at byte {}: {}", pos_, what)};
}

void Parser::skip_space() {
  while (pos_ < data_.size()) {
    if (is_space(data_[pos_])) {
      ++pos_;
    } else if (data_[pos_] == '%') {
      while (pos_ < data_.size() && data_[pos_] != '\n' && data_[pos_] != '\r') ++pos_;
    } else {
      break;
    }
  }
}

std::string Parser::keyword() {
  skip_space();
  const size_t start = pos_;
  while (pos_ < data_.size() && !is_space(data_[pos_]) && !is_delimiter(data_[pos_])) ++pos_;
  return std::string(data_.substr(start, pos_ - start));
}

Result<void> Parser::expect(std::string_view word) {
  const size_t start = pos_;
  const std::string got = keyword();
  if (got == word) return Ok();
  pos_ = start;
  skip_space();
  return error(fmt::format("expected '{}', found {}", word,
                           at_end()
                               ? std::string("the end of the file")
                               : fmt::format("'{}'", got.empty() ? data_.substr(pos_, 1) : got)));
}

Result<int64_t> Parser::integer() {
  skip_space();
  const size_t start = pos_;
  const std::string word = keyword();
  int64_t value = 0;
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (word.empty() || ec != std::errc() || end != word.data() + word.size()) {
    pos_ = start;
    return error(fmt::format("expected an integer, found '{}'",
                             word.empty() ? std::string(data_.substr(pos_, 1)) : word));
  }
  return value;
}

Result<Object> Parser::object() { return object(0); }

Result<Object> Parser::object(int depth) {
  if (depth > kMaxDepth) return error("objects nested too deeply");
  skip_space();
  if (at_end()) return error("expected an object, found the end of the file");
  const char c = data_[pos_];
  if (c == '/') return name();
  if (c == '(') return literal_string();
  if (c == '[') return array(depth);
  if (c == '<') {
    if (pos_ + 1 < data_.size() && data_[pos_ + 1] == '<') return dictionary(depth);
    return hex_string();
  }
  if (c == '+' || c == '-' || c == '.' || std::isdigit(static_cast<unsigned char>(c))) {
    return number_or_ref();
  }
  const size_t start = pos_;
  const std::string word = keyword();
  if (word == "true") return Object{true};
  if (word == "false") return Object{false};
  if (word == "null") return Object{Null{}};
  pos_ = start;
  return error(fmt::format("expected an object, found '{}'",
                           word.empty() ? std::string(1, c) : word.substr(0, 40)));
}

Result<Object> Parser::number_or_ref() {
  const size_t start = pos_;
  const std::string word = keyword();
  const bool real = word.find('.') != std::string::npos;
  bool valid = !word.empty();
  for (size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' ||
          (i == 0 && (c == '+' || c == '-')))) {
      valid = false;
    }
  }
  if (!valid) {
    pos_ = start;
    return error(fmt::format("'{}' is not a number", word.substr(0, 40)));
  }
  if (real) return Object{Real{word}};
  int64_t value = 0;
  const char* first = word.data() + (word[0] == '+' ? 1 : 0);
  auto [end, ec] = std::from_chars(first, word.data() + word.size(), value);
  if (ec != std::errc() || end != word.data() + word.size()) {
    pos_ = start;
    return error(fmt::format("'{}' is not an integer PDF can hold", word.substr(0, 40)));
  }
  // "N G R" is a reference: look ahead without consuming unless it matches.
  const size_t after = pos_;
  const std::string gen = keyword();
  if (!gen.empty() && gen.find_first_not_of("0123456789") == std::string::npos && gen.size() <= 5) {
    const std::string r = keyword();
    if (r == "R" && value >= 0 && value <= 0x7FFFFFFF) {
      return Object{Ref{static_cast<int>(value), std::stoi(gen)}};
    }
  }
  pos_ = after;
  return Object{value};
}

Result<Object> Parser::literal_string() {
  ++pos_;  // (
  std::string out;
  int nesting = 1;
  while (pos_ < data_.size()) {
    const char c = data_[pos_++];
    if (c == '(') {
      ++nesting;
    } else if (c == ')') {
      if (--nesting == 0) return Object{String{out}};
    } else if (c == '\\') {
      if (pos_ >= data_.size()) break;
      const char e = data_[pos_++];
      switch (e) {
        case 'n':
          out += '\n';
          continue;
        case 'r':
          out += '\r';
          continue;
        case 't':
          out += '\t';
          continue;
        case 'b':
          out += '\b';
          continue;
        case 'f':
          out += '\f';
          continue;
        case '\r':
          if (pos_ < data_.size() && data_[pos_] == '\n') ++pos_;
          continue;
        case '\n':
          continue;
        default:
          break;
      }
      if (e >= '0' && e <= '7') {
        int value = e - '0';
        for (int i = 0; i < 2 && pos_ < data_.size() && data_[pos_] >= '0' && data_[pos_] <= '7';
             ++i) {
          value = value * 8 + (data_[pos_++] - '0');
        }
        out += static_cast<char>(value & 0xFF);
      } else {
        out += e;
      }
      continue;
    }
    out += c;
  }
  return error("a string '(' is never closed");
}

Result<Object> Parser::hex_string() {
  const size_t start = pos_;
  ++pos_;  // <
  std::string out;
  int high = -1;
  while (pos_ < data_.size()) {
    const char c = data_[pos_++];
    if (c == '>') {
      if (high >= 0) out += static_cast<char>(high << 4);
      return Object{String{out}};
    }
    if (is_space(c)) continue;
    const int v = hex_value(c);
    if (v < 0) {
      pos_ = start;
      return error(fmt::format("a hex string holds '{}'", c));
    }
    if (high < 0) {
      high = v;
    } else {
      out += static_cast<char>((high << 4) | v);
      high = -1;
    }
  }
  pos_ = start;
  return error("a hex string '<' is never closed");
}

Result<Object> Parser::name() {
  ++pos_;  // /
  std::string out;
  while (pos_ < data_.size() && !is_space(data_[pos_]) && !is_delimiter(data_[pos_])) {
    const char c = data_[pos_++];
    if (c == '#' && pos_ + 1 < data_.size() && hex_value(data_[pos_]) >= 0 &&
        hex_value(data_[pos_ + 1]) >= 0) {
      out += static_cast<char>(hex_value(data_[pos_]) * 16 + hex_value(data_[pos_ + 1]));
      pos_ += 2;
    } else {
      out += c;
    }
  }
  return Object{Name{out}};
}

Result<Object> Parser::array(int depth) {
  ++pos_;  // [
  Array items;
  while (true) {
    skip_space();
    if (at_end()) return error("an array '[' is never closed");
    if (data_[pos_] == ']') {
      ++pos_;
      return Object{std::move(items)};
    }
    auto item = object(depth + 1);
    if (!item) return item;
    items.push_back(std::move(*item));
  }
}

Result<Object> Parser::dictionary(int depth) {
  pos_ += 2;  // <<
  Dict dict;
  while (true) {
    skip_space();
    if (at_end()) return error("a dictionary '<<' is never closed");
    if (data_[pos_] == '>') {
      if (pos_ + 1 < data_.size() && data_[pos_ + 1] == '>') {
        pos_ += 2;
        return Object{std::move(dict)};
      }
      return error("expected '>>'");
    }
    if (data_[pos_] != '/') return error("expected a name as dictionary key");
    auto key = name();
    if (!key) return key;
    auto value = object(depth + 1);
    if (!value) return value;
    dict.set(key->name()->value, std::move(*value));
  }
}

Result<IndirectObject> parse_indirect_object(std::string_view data, size_t offset) {
  if (offset >= data.size()) {
    return Error{
        fmt::format("malformed PDF: an object offset {} lies beyond the end of the file "
                    "({} bytes)",
                    offset, data.size())};
  }
  Parser p(data, offset);
  auto num = p.integer();
  if (!num) return num.error();
  auto gen = p.integer();
  if (!gen) return gen.error();
  if (auto obj = p.expect("obj"); !obj) return obj.error();
  auto value = p.object();
  if (!value) return value.error();
  const size_t after = p.pos();
  const std::string next = p.keyword();
  if (next == "stream") {
    value->is_stream = true;
  } else if (next != "endobj") {
    Parser at(data, after);
    at.skip_space();
    return Error{fmt::format("malformed PDF at byte {}: expected 'endobj' after object {} {}",
                             at.pos(), *num, *gen)};
  }
  if (*num < 0 || *num > 0x7FFFFFFF || *gen < 0 || *gen > 65535) {
    return Error{fmt::format("malformed PDF at byte {}: object number {} {} out of range", offset,
                             *num, *gen)};
  }
  return IndirectObject{Ref{static_cast<int>(*num), static_cast<int>(*gen)}, std::move(*value)};
}

}  // namespace jaga::sign::pdf
