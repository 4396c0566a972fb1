#include "sign/pdf_object.h"

#include <fmt/format.h>

#include <algorithm>

namespace jaga::sign::pdf {

Dict::Dict() = default;
Dict::Dict(const Dict&) = default;
Dict::Dict(Dict&&) noexcept = default;
Dict& Dict::operator=(const Dict&) = default;
Dict& Dict::operator=(Dict&&) noexcept = default;
Dict::~Dict() = default;

const Object* Dict::get(std::string_view key) const {
  for (const auto& [k, v] : entries_) {
    if (k == key) return &v;
  }
  return nullptr;
}

void Dict::set(std::string key, Object value) {
  for (auto& [k, v] : entries_) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  entries_.emplace_back(std::move(key), std::move(value));
}

void Dict::erase(std::string_view key) {
  std::erase_if(entries_, [&](const auto& entry) { return entry.first == key; });
}

std::string Object::type() const {
  const Dict* d = dict();
  if (d == nullptr) return {};
  const Object* t = d->get("Type");
  return t && t->name() ? t->name()->value : std::string();
}

Object make_name(std::string value) { return Object{Name{std::move(value)}}; }
Object make_ref(Ref ref) { return Object{ref}; }

Object make_text(std::string_view utf8) {
  if (std::all_of(utf8.begin(), utf8.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    return Object{String{std::string(utf8)}};
  }
  std::string out = "\xFE\xFF";
  auto put = [&](unsigned unit) {
    out += static_cast<char>(unit >> 8);
    out += static_cast<char>(unit & 0xFF);
  };
  for (size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    unsigned cp = 0xFFFD;
    size_t len = 1;
    if (c >= 0xF0 && i + 3 < utf8.size()) {
      len = 4;
      cp = ((c & 0x07u) << 18) | ((utf8[i + 1] & 0x3Fu) << 12) | ((utf8[i + 2] & 0x3Fu) << 6) |
           (utf8[i + 3] & 0x3Fu);
    } else if (c >= 0xE0 && i + 2 < utf8.size()) {
      len = 3;
      cp = ((c & 0x0Fu) << 12) | ((utf8[i + 1] & 0x3Fu) << 6) | (utf8[i + 2] & 0x3Fu);
    } else if (c >= 0xC0 && i + 1 < utf8.size()) {
      len = 2;
      cp = ((c & 0x1Fu) << 6) | (utf8[i + 1] & 0x3Fu);
    } else if (c < 0x80) {
      cp = c;
    }
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      put(0xD800 + (cp >> 10));
      put(0xDC00 + (cp & 0x3FF));
    } else {
      put(cp);
    }
  }
  return Object{String{out}};
}

std::string text_of(const String& string) {
  const std::string& b = string.bytes;
  if (b.size() < 2 || static_cast<unsigned char>(b[0]) != 0xFE ||
      static_cast<unsigned char>(b[1]) != 0xFF) {
    std::string out;
    for (unsigned char c : b) {
      if (c < 0x80) {
        out += static_cast<char>(c);
      } else {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
      }
    }
    return out;
  }
  std::string out;
  for (size_t i = 2; i + 1 < b.size(); i += 2) {
    unsigned cp = (static_cast<unsigned char>(b[i]) << 8) | static_cast<unsigned char>(b[i + 1]);
    if (cp >= 0xD800 && cp < 0xDC00 && i + 3 < b.size()) {
      const unsigned low =
          (static_cast<unsigned char>(b[i + 2]) << 8) | static_cast<unsigned char>(b[i + 3]);
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      i += 2;
    }
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

bool equal(const Object& a, const Object& b) {
  if (a.value.index() != b.value.index()) return false;
  if (const Array* x = a.array()) {
    const Array& y = *b.array();
    if (x->size() != y.size()) return false;
    for (size_t i = 0; i < x->size(); ++i) {
      if (!equal((*x)[i], y[i])) return false;
    }
    return true;
  }
  if (const Dict* x = a.dict()) return equal_except(*x, *b.dict(), {});
  return std::visit(
      [&](const auto& left) {
        using T = std::decay_t<decltype(left)>;
        if constexpr (std::is_same_v<T, Array> || std::is_same_v<T, Dict>) {
          return false;  // handled above
        } else {
          return left == std::get<T>(b.value);
        }
      },
      a.value);
}

bool equal_except(const Dict& a, const Dict& b, const std::vector<std::string>& ignored) {
  auto counted = [&](const Dict& d) {
    size_t n = 0;
    for (const auto& [k, v] : d.entries()) {
      if (std::find(ignored.begin(), ignored.end(), k) == ignored.end()) ++n;
    }
    return n;
  };
  if (counted(a) != counted(b)) return false;
  for (const auto& [k, v] : a.entries()) {
    if (std::find(ignored.begin(), ignored.end(), k) != ignored.end()) continue;
    const Object* other = b.get(k);
    if (other == nullptr || !equal(v, *other)) return false;
  }
  return true;
}

namespace {

std::string name_syntax(const std::string& name) {
  std::string out = "/";
  for (unsigned char c : name) {
    const bool plain =
        c > 0x20 && c < 0x7F &&
        std::string_view("()<>[]{}/%#").find(static_cast<char>(c)) == std::string_view::npos;
    out += plain ? std::string(1, static_cast<char>(c)) : fmt::format("#{:02X}", c);
  }
  return out;
}

}  // namespace

std::string serialize(const Object& object) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Null>) {
          return "null";
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, int64_t>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<T, Real>) {
          return v.text;
        } else if constexpr (std::is_same_v<T, Name>) {
          return name_syntax(v.value);
        } else if constexpr (std::is_same_v<T, String>) {
          std::string out = "<";
          for (unsigned char c : v.bytes) out += fmt::format("{:02X}", c);
          return out + ">";
        } else if constexpr (std::is_same_v<T, Array>) {
          std::string out = "[";
          for (size_t i = 0; i < v.size(); ++i) out += (i ? " " : "") + serialize(v[i]);
          return out + "]";
        } else if constexpr (std::is_same_v<T, Dict>) {
          std::string out = "<<";
          for (const auto& [k, value] : v.entries()) {
            out += " " + name_syntax(k) + " " + serialize(value);
          }
          return out + " >>";
        } else {
          return fmt::format("{} {} R", v.num, v.gen);
        }
      },
      object.value);
}

}  // namespace jaga::sign::pdf
