#include "peer/result_wire.h"

#include <fmt/format.h>

namespace jaga::peer {
namespace {

// The field `key` of `j` with JSON type `type`, or an Error naming the peer, the result and key.
Result<const nlohmann::json*> field(const nlohmann::json& j, const char* key,
                                    nlohmann::json::value_t type, const std::string& where) {
  auto it = j.find(key);
  if (it == j.end()) return Error{fmt::format("{}: missing field '{}'", where, key)};
  const bool number_ok = type == nlohmann::json::value_t::number_integer &&
                         it->type() == nlohmann::json::value_t::number_unsigned;
  if (it->type() != type && !number_ok) {
    return Error{fmt::format("{}: field '{}' must be {}, got {}", where, key,
                             nlohmann::json(type).type_name(), it->type_name())};
  }
  return &*it;
}

Result<store::StoredResult> result_from_json(const nlohmann::json& j, const std::string& where) {
  using T = nlohmann::json::value_t;
  if (!j.is_object()) return Error{fmt::format("{}: must be an object", where)};
  store::StoredResult r;
  struct Text {
    const char* key;
    std::string* out;
  };
  for (const Text& t :
       {Text{"check", &r.check}, Text{"host", &r.host}, Text{"started_at", &r.started_at},
        Text{"finished_at", &r.finished_at}, Text{"summary", &r.summary}}) {
    auto f = field(j, t.key, T::string, where);
    if (!f) return f.error();
    *t.out = (*f)->get<std::string>();
  }
  for (const char* key : {"started_at", "finished_at"}) {
    if (!parse_utc(j[key].get<std::string>())) {
      return Error{fmt::format("{}: field '{}' must be a UTC time like 2026-11-26T21:40:12.345Z",
                               where, key)};
    }
  }
  auto id = field(j, "id", T::number_integer, where);
  if (!id) return id.error();
  r.id = (*id)->get<int64_t>();
  auto run_id = field(j, "run_id", T::number_integer, where);
  if (!run_id) return run_id.error();
  r.run_id = (*run_id)->get<int64_t>();
  auto status = field(j, "status", T::string, where);
  if (!status) return status.error();
  const auto parsed = parse_status((*status)->get<std::string>());
  if (!parsed) {
    return Error{fmt::format("{}: field 'status' must be OK, WARN, CRIT or UNKNOWN, got \"{}\"",
                             where, (*status)->get<std::string>())};
  }
  r.status = *parsed;
  for (auto [key, out, type] :
       {std::tuple{"findings", &r.findings, T::array}, std::tuple{"metrics", &r.metrics, T::array},
        std::tuple{"evidence", &r.evidence, T::object}}) {
    auto f = field(j, key, type, where);
    if (!f) return f.error();
    *out = **f;
  }
  // A roll-up of old results (store/result_rollup.h): both fields or neither.
  if (j.contains("repeats") || j.contains("last_started_at")) {
    auto repeats = field(j, "repeats", T::number_integer, where);
    if (!repeats) return repeats.error();
    auto last = field(j, "last_started_at", T::string, where);
    if (!last) return last.error();
    const int64_t count = (*repeats)->get<int64_t>();
    if (count < 2 || count > kMaxRepeats) {
      return Error{fmt::format("{}: field 'repeats' must be from 2 to {}, got {}", where,
                               kMaxRepeats, (*repeats)->dump())};
    }
    r.repeats = count;
    r.last_started_at = (*last)->get<std::string>();
    const auto first = parse_utc(r.started_at);
    const auto until = parse_utc(r.last_started_at);
    if (!until) {
      return Error{fmt::format(
          "{}: field 'last_started_at' must be a UTC time like 2026-11-26T21:40:12.345Z", where)};
    }
    if (*until < *first || *until - *first > kMaxRollupSpan) {
      return Error{fmt::format(
          "{}: field 'last_started_at' must lie within 10 minutes after started_at, got {} for {}",
          where, r.last_started_at, r.started_at)};
    }
  }
  for (size_t i = 0; i < r.findings.size(); ++i) {
    if (!finding_from_json(r.findings[i])) {
      return Error{
          fmt::format("{}: finding {} must be an object with a status and a message", where, i)};
    }
  }
  return r;
}

}  // namespace

std::string page_to_json(const ResultPage& page) {
  nlohmann::json results = nlohmann::json::array();
  for (const store::StoredResult& r : page.results) results.push_back(store::to_json(r));
  const nlohmann::json doc = {{"format_version", kWireFormatVersion},
                              {"host", page.host},
                              {"results", std::move(results)},
                              {"more", page.more}};
  return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<ResultPage> page_from_json(const std::string& body, const std::string& peer, int64_t after) {
  using T = nlohmann::json::value_t;
  const std::string where = fmt::format("results from peer {}", peer);
  const nlohmann::json doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Error{fmt::format("{}: not a JSON object", where)};
  }
  auto version = field(doc, "format_version", T::number_integer, where);
  if (!version) return version.error();
  if ((*version)->get<int64_t>() != kWireFormatVersion) {
    return Error{
        fmt::format("{}: format_version {} is not the {} this jaga reads; upgrade both "
                    "agents to the same version",
                    where, (*version)->get<int64_t>(), kWireFormatVersion)};
  }
  ResultPage page;
  auto host = field(doc, "host", T::string, where);
  if (!host) return host.error();
  page.host = (*host)->get<std::string>();
  auto more = field(doc, "more", T::boolean, where);
  if (!more) return more.error();
  page.more = (*more)->get<bool>();
  auto results = field(doc, "results", T::array, where);
  if (!results) return results.error();
  int64_t last = after;
  for (size_t i = 0; i < (*results)->size(); ++i) {
    auto r = result_from_json((**results)[i], fmt::format("{}, result {}", where, i));
    if (!r) return r.error();
    if (r->id <= last) {
      return Error{fmt::format("{}, result {}: id {} does not follow {}", where, i, r->id, last)};
    }
    last = r->id;
    page.results.push_back(std::move(*r));
  }
  return page;
}

}  // namespace jaga::peer
