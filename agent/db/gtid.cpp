#include "db/gtid.h"

#include <algorithm>
#include <charconv>
#include <limits>

#include "core/text.h"

namespace jaga::db {
namespace {

// MySQL's GNO_MAX: transaction numbers are positive signed 64-bit integers.
constexpr uint64_t kMaxGno = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
// Longest text quoted in an error message; GTID sets of long-lived servers can be kilobytes.
constexpr size_t kMaxQuoted = 160;

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t pos = text.find(separator); pos != std::string_view::npos;
       pos = text.find(separator, start)) {
    parts.push_back(text.substr(start, pos - start));
    start = pos + 1;
  }
  parts.push_back(text.substr(start));
  return parts;
}

// `text` in double quotes on one line: newlines shown as \n, long text cut with "...".
std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size() && i < kMaxQuoted; ++i) {
    if (text[i] == '\n') {
      out += "\\n";
    } else if (text[i] == '\r') {
      out += "\\r";
    } else {
      out += text[i];
    }
  }
  if (text.size() > kMaxQuoted) out += "...";
  return out + "\"";
}

enum class NumberParse { kOk, kNotANumber, kOutOfRange };

// Parses a plain unsigned decimal (digits only: no sign, no spaces) no greater than `max`.
NumberParse parse_unsigned(std::string_view text, uint64_t max, uint64_t* out) {
  if (text.empty() ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return NumberParse::kNotANumber;
  }
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range || value > max) return NumberParse::kOutOfRange;
  if (ec != std::errc() || end != text.data() + text.size()) return NumberParse::kNotANumber;
  *out = value;
  return NumberParse::kOk;
}

uint64_t saturating_add(uint64_t a, uint64_t b) {
  return a > std::numeric_limits<uint64_t>::max() - b ? std::numeric_limits<uint64_t>::max()
                                                      : a + b;
}

Result<MariaGtid> parse_mariadb_gtid(std::string_view element, std::string_view text) {
  const std::string prefix =
      "invalid MariaDB GTID " + quoted(element) + " in " + quoted(text) + ": ";
  const std::vector<std::string_view> parts = split(element, '-');
  if (parts.size() != 3) {
    return Error{prefix + "expected domain-server_id-seq_no (three unsigned numbers)"};
  }
  static constexpr const char* kNames[] = {"domain", "server_id", "seq_no"};
  const uint64_t maxima[] = {std::numeric_limits<uint32_t>::max(),
                             std::numeric_limits<uint32_t>::max(),
                             std::numeric_limits<uint64_t>::max()};
  uint64_t values[3] = {};
  for (size_t i = 0; i < 3; ++i) {
    switch (parse_unsigned(parts[i], maxima[i], &values[i])) {
      case NumberParse::kOk:
        break;
      case NumberParse::kNotANumber:
        return Error{prefix + "expected domain-server_id-seq_no (three unsigned numbers)"};
      case NumberParse::kOutOfRange:
        return Error{prefix + kNames[i] + " " + std::string(parts[i]) +
                     " is out of range (expected at most " + std::to_string(maxima[i]) + ")"};
    }
  }
  return MariaGtid{static_cast<uint32_t>(values[0]), static_cast<uint32_t>(values[1]), values[2]};
}

bool is_uuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    const char c = text[i];
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (dash_position ? c != '-' : !hex) return false;
  }
  return true;
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Parses "N" or "N-M" (1 <= N <= M <= kMaxGno). `context` begins the error message.
Result<GtidSet::Interval> parse_interval(std::string_view text, const std::string& context) {
  const std::string prefix = "invalid interval " + quoted(text) + " in " + context + ": ";
  const std::vector<std::string_view> bounds = split(text, '-');
  if (bounds.size() > 2) return Error{prefix + "expected N or N-M (unsigned numbers)"};
  uint64_t values[2] = {};
  for (size_t i = 0; i < bounds.size(); ++i) {
    switch (parse_unsigned(trim(bounds[i]), kMaxGno, &values[i])) {
      case NumberParse::kOk:
        break;
      case NumberParse::kNotANumber:
        return Error{prefix + "expected N or N-M (unsigned numbers)"};
      case NumberParse::kOutOfRange:
        return Error{prefix + std::string(trim(bounds[i])) + " is out of range (expected at most " +
                     std::to_string(kMaxGno) + ")"};
    }
  }
  const GtidSet::Interval interval{values[0], bounds.size() == 2 ? values[1] : values[0]};
  if (interval.first == 0) return Error{prefix + "transaction numbers start at 1"};
  if (interval.first > interval.last) {
    return Error{prefix + "expected N-M with N <= M, but " + std::to_string(interval.first) +
                 " > " + std::to_string(interval.last)};
  }
  return interval;
}

// Sorts `intervals` and merges overlapping and adjacent ones.
void normalize(std::vector<GtidSet::Interval>& intervals) {
  std::sort(intervals.begin(), intervals.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<GtidSet::Interval> merged;
  for (const GtidSet::Interval& interval : intervals) {
    // last <= kMaxGno < UINT64_MAX, so last + 1 cannot overflow.
    if (!merged.empty() && interval.first <= merged.back().last + 1) {
      merged.back().last = std::max(merged.back().last, interval.last);
    } else {
      merged.push_back(interval);
    }
  }
  intervals = std::move(merged);
}

// `mine` \ `theirs`; both sorted and disjoint.
std::vector<GtidSet::Interval> subtract_intervals(const std::vector<GtidSet::Interval>& mine,
                                                  const std::vector<GtidSet::Interval>& theirs) {
  std::vector<GtidSet::Interval> out;
  size_t j = 0;
  for (const GtidSet::Interval& interval : mine) {
    uint64_t start = interval.first;
    bool covered_to_end = false;
    while (j < theirs.size() && theirs[j].last < start) ++j;
    for (size_t k = j; k < theirs.size() && theirs[k].first <= interval.last; ++k) {
      if (theirs[k].first > start) out.push_back({start, theirs[k].first - 1});
      if (theirs[k].last >= interval.last) {
        covered_to_end = true;
        break;
      }
      start = theirs[k].last + 1;
    }
    if (!covered_to_end && start <= interval.last) out.push_back({start, interval.last});
  }
  return out;
}

std::string source_string(const std::string& uuid,
                          const std::vector<GtidSet::Interval>& intervals) {
  std::string out = uuid;
  for (const GtidSet::Interval& interval : intervals) {
    out += ":" + std::to_string(interval.first);
    if (interval.last != interval.first) out += "-" + std::to_string(interval.last);
  }
  return out;
}

// Prefixes a parse error with the name of the server variable it came from.
template <typename T>
Result<T> named(const std::string& what, Result<T> result) {
  if (!result.ok()) return Error{what + ": " + result.error().message};
  return result;
}

// Highest seq_no per domain of a MariaDB position.
std::map<uint32_t, uint64_t> seq_no_by_domain(const std::vector<MariaGtid>& position) {
  std::map<uint32_t, uint64_t> out;
  for (const MariaGtid& gtid : position) {
    uint64_t& seq_no = out[gtid.domain];
    seq_no = std::max(seq_no, gtid.seq_no);
  }
  return out;
}

}  // namespace

std::string to_string(const MariaGtid& gtid) {
  return std::to_string(gtid.domain) + "-" + std::to_string(gtid.server_id) + "-" +
         std::to_string(gtid.seq_no);
}

Result<std::vector<MariaGtid>> parse_mariadb_gtid_list(std::string_view text) {
  std::vector<MariaGtid> gtids;
  if (trim(text).empty()) return gtids;
  const std::vector<std::string_view> elements = split(text, ',');
  for (size_t i = 0; i < elements.size(); ++i) {
    const std::string_view element = trim(elements[i]);
    if (element.empty()) {
      return Error{"invalid MariaDB GTID list " + quoted(text) + ": element " +
                   std::to_string(i + 1) +
                   " is empty (expected domain-server_id-seq_no between commas)"};
    }
    Result<MariaGtid> gtid = parse_mariadb_gtid(element, text);
    if (!gtid.ok()) return gtid.error();
    gtids.push_back(*gtid);
  }
  return gtids;
}

Result<GtidSet> GtidSet::parse(std::string_view text) {
  GtidSet set;
  if (trim(text).empty()) return set;
  const std::vector<std::string_view> elements = split(text, ',');
  for (size_t i = 0; i < elements.size(); ++i) {
    const std::string_view element = trim(elements[i]);
    if (element.empty()) {
      return Error{"invalid MySQL GTID set " + quoted(text) + ": element " + std::to_string(i + 1) +
                   " is empty (expected uuid:interval[:interval...] between commas)"};
    }
    const std::string context = "MySQL GTID set element " + quoted(element) + " of " + quoted(text);
    const std::vector<std::string_view> parts = split(element, ':');
    const std::string_view uuid = trim(parts[0]);
    if (parts.size() < 2) {
      return Error{"invalid " + context + ": expected uuid:interval[:interval...]"};
    }
    if (!is_uuid(uuid)) {
      return Error{"invalid " + context + ": " + quoted(uuid) +
                   " is not a uuid (expected 8-4-4-4-12 hex digits)"};
    }
    std::vector<Interval>& intervals = set.sources_[to_lower(uuid)];
    for (size_t p = 1; p < parts.size(); ++p) {
      Result<Interval> interval = parse_interval(trim(parts[p]), context);
      if (!interval.ok()) return interval.error();
      intervals.push_back(*interval);
    }
  }
  for (auto& [uuid, intervals] : set.sources_) normalize(intervals);
  return set;
}

GtidSet GtidSet::subtract(const GtidSet& other) const {
  GtidSet out;
  for (const auto& [uuid, intervals] : sources_) {
    const auto theirs = other.sources_.find(uuid);
    std::vector<Interval> rest =
        theirs == other.sources_.end() ? intervals : subtract_intervals(intervals, theirs->second);
    if (!rest.empty()) out.sources_.emplace(uuid, std::move(rest));
  }
  return out;
}

uint64_t GtidSet::count() const {
  uint64_t total = 0;
  for (const auto& [uuid, intervals] : sources_) {
    for (const Interval& interval : intervals) {
      total = saturating_add(total, interval.last - interval.first + 1);
    }
  }
  return total;
}

std::string GtidSet::to_string() const {
  std::string out;
  for (const std::string& source : source_strings()) {
    if (!out.empty()) out += ",";
    out += source;
  }
  return out;
}

std::vector<std::string> GtidSet::source_strings() const {
  std::vector<std::string> out;
  for (const auto& [uuid, intervals] : sources_) out.push_back(source_string(uuid, intervals));
  return out;
}

Result<GtidComparison> compare_mariadb(std::string_view primary_binlog_state,
                                       std::string_view replica_binlog_state,
                                       std::string_view primary_binlog_pos,
                                       std::string_view replica_slave_pos) {
  auto primary_state =
      named("primary @@gtid_binlog_state", parse_mariadb_gtid_list(primary_binlog_state));
  if (!primary_state.ok()) return primary_state.error();
  auto replica_state =
      named("replica @@gtid_binlog_state", parse_mariadb_gtid_list(replica_binlog_state));
  if (!replica_state.ok()) return replica_state.error();
  auto primary_pos =
      named("primary @@gtid_binlog_pos", parse_mariadb_gtid_list(primary_binlog_pos));
  if (!primary_pos.ok()) return primary_pos.error();
  auto replica_pos = named("replica @@gtid_slave_pos", parse_mariadb_gtid_list(replica_slave_pos));
  if (!replica_pos.ok()) return replica_pos.error();

  GtidComparison comparison;
  const std::map<uint32_t, uint64_t> applied = seq_no_by_domain(*replica_pos);
  for (const auto& [domain, seq_no] : seq_no_by_domain(*primary_pos)) {
    const auto replica = applied.find(domain);
    const uint64_t replica_seq_no = replica == applied.end() ? 0 : replica->second;
    if (seq_no > replica_seq_no) {
      comparison.gap = saturating_add(comparison.gap, seq_no - replica_seq_no);
    }
  }
  for (const MariaGtid& gtid : *replica_state) {
    const bool covered =
        std::any_of(primary_state->begin(), primary_state->end(), [&](const MariaGtid& known) {
          return known.domain == gtid.domain && known.server_id == gtid.server_id &&
                 known.seq_no >= gtid.seq_no;
        });
    if (!covered) comparison.errant.push_back(to_string(gtid));
  }
  return comparison;
}

Result<GtidComparison> compare_mysql(std::string_view primary_executed,
                                     std::string_view replica_executed) {
  auto primary = named("primary @@gtid_executed", GtidSet::parse(primary_executed));
  if (!primary.ok()) return primary.error();
  auto replica = named("replica @@gtid_executed", GtidSet::parse(replica_executed));
  if (!replica.ok()) return replica.error();
  GtidComparison comparison;
  comparison.gap = primary->subtract(*replica).count();
  comparison.errant = replica->subtract(*primary).source_strings();
  return comparison;
}

}  // namespace jaga::db
