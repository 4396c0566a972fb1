#include "peer/witness_wire.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace jaga::peer {

std::string links_to_json(const std::vector<agenda::ChainLink>& links) {
  nlohmann::json out = nlohmann::json::array();
  for (const agenda::ChainLink& l : links) {
    out.push_back(
        {{"position", l.position}, {"prev_hash", l.prev_hash}, {"entry_hash", l.entry_hash}});
  }
  return nlohmann::json{{"links", std::move(out)}}.dump();
}

Result<std::vector<agenda::ChainLink>> links_from_json(const std::string& body,
                                                       const std::string& where, size_t max_links) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Error{fmt::format("{}: not a JSON object", where)};
  }
  const auto it = j.find("links");
  if (it == j.end() || !it->is_array()) {
    return Error{fmt::format("{}: field 'links' must be an array", where)};
  }
  if (it->size() > max_links) {
    return Error{
        fmt::format("{}: {} links, at most {} in one message", where, it->size(), max_links)};
  }
  std::vector<agenda::ChainLink> links;
  for (size_t i = 0; i < it->size(); ++i) {
    const nlohmann::json& l = (*it)[i];
    const bool typed = l.is_object() && l.contains("position") &&
                       l["position"].is_number_integer() && l.contains("prev_hash") &&
                       l["prev_hash"].is_string() && l.contains("entry_hash") &&
                       l["entry_hash"].is_string();
    if (!typed) {
      return Error{fmt::format(
          "{}: link {} must be an object with an integer 'position' and string 'prev_hash' "
          "and 'entry_hash'",
          where, i)};
    }
    links.push_back({l["position"].get<int64_t>(), l["prev_hash"].get<std::string>(),
                     l["entry_hash"].get<std::string>()});
  }
  return links;
}

}  // namespace jaga::peer
