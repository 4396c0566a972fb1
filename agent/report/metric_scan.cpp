#include "report/metric_scan.h"

#include <charconv>
#include <nlohmann/json.hpp>

namespace jaga::report {
namespace {

class Cursor {
 public:
  explicit Cursor(std::string_view text) : t_(text) {}
  void skip_space() {
    while (i_ < t_.size() &&
           (t_[i_] == ' ' || t_[i_] == '\n' || t_[i_] == '\t' || t_[i_] == '\r')) {
      ++i_;
    }
  }
  bool eat(char c) {
    skip_space();
    if (i_ < t_.size() && t_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  char peek() {
    skip_space();
    return i_ < t_.size() ? t_[i_] : '\0';
  }
  // A string without escapes; nullopt for anything else.
  std::optional<std::string_view> string() {
    if (!eat('"')) return std::nullopt;
    const size_t end = t_.find('"', i_);
    if (end == std::string_view::npos) return std::nullopt;
    std::string_view s = t_.substr(i_, end - i_);
    if (s.find('\\') != std::string_view::npos) return std::nullopt;
    i_ = end + 1;
    return s;
  }
  // A number, or null (nullopt with ok); anything else fails.
  bool number(std::optional<double>& out) {
    skip_space();
    if (t_.substr(i_, 4) == "null") {
      i_ += 4;
      out.reset();
      return true;
    }
    double v = 0;
    auto r = std::from_chars(t_.data() + i_, t_.data() + t_.size(), v);
    if (r.ec != std::errc()) return false;
    i_ = static_cast<size_t>(r.ptr - t_.data());
    out = v;
    return true;
  }
  bool at_end() {
    skip_space();
    return i_ == t_.size();
  }

 private:
  std::string_view t_;
  size_t i_ = 0;
};

}  // namespace

void MetricList::scan(std::string_view text) {
  values_.clear();
  owned_.clear();
  if (!scan_flat(text)) parse_json(text);
}

bool MetricList::scan_flat(std::string_view text) {
  Cursor c(text);
  if (!c.eat('[')) return false;
  if (c.eat(']')) return c.at_end();
  do {
    if (!c.eat('{')) return false;
    MetricValue m;
    std::optional<double> value, min, max, last;
    if (!c.eat('}')) {
      do {
        auto key = c.string();
        if (!key || !c.eat(':')) return false;
        if (c.peek() == '"') {
          auto s = c.string();
          if (!s) return false;
          if (*key == "name") m.name = *s;
        } else {
          std::optional<double> v;
          if (!c.number(v)) return false;
          if (*key == "value") value = v;
          if (*key == "warn") m.warn = v;
          if (*key == "crit") m.crit = v;
          if (*key == "min") min = v;
          if (*key == "max") max = v;
          if (*key == "last") last = v;
        }
      } while (c.eat(','));
      if (!c.eat('}')) return false;
    }
    if (!m.name.empty() && value) {
      m.value = *value;
      m.min = min.value_or(*value);
      m.max = max.value_or(*value);
      m.last = last.value_or(*value);
      values_.push_back(m);
    }
  } while (c.eat(','));
  return c.eat(']') && c.at_end();
}

void MetricList::parse_json(std::string_view text) {
  values_.clear();
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return;
  for (const auto& m : j) {
    if (!m.is_object()) continue;
    auto name = m.find("name");
    auto value = m.find("value");
    if (name == m.end() || !name->is_string() || value == m.end() || !value->is_number()) continue;
    MetricValue v;
    v.name = owned_.emplace_back(name->get<std::string>());
    v.value = value->get<double>();
    if (auto it = m.find("warn"); it != m.end() && it->is_number()) v.warn = it->get<double>();
    if (auto it = m.find("crit"); it != m.end() && it->is_number()) v.crit = it->get<double>();
    const auto or_value = [&](const char* key) {
      auto it = m.find(key);
      return it != m.end() && it->is_number() ? it->get<double>() : v.value;
    };
    v.min = or_value("min");
    v.max = or_value("max");
    v.last = or_value("last");
    values_.push_back(v);
  }
}

const MetricValue* MetricList::find(std::string_view name) const {
  for (const auto& m : values_) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

}  // namespace jaga::report
