#include "consistency/row_diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>

namespace jaga::consistency {
namespace {

int64_t to_int(const db::Value& v) {
  int64_t out = 0;
  if (v) std::from_chars(v->data(), v->data() + v->size(), out);
  return out;
}

// A key as one string that cannot collide: each part prefixed by its length.
std::string encode(const KeyValue& key) {
  std::string out;
  for (const auto& part : key) out += std::to_string(part.size()) + ":" + part;
  return out;
}

}  // namespace

const char* diff_kind_name(DiffKind kind) {
  switch (kind) {
    case DiffKind::kMissingOnBackup:
      return "missing_on_backup";
    case DiffKind::kExtraOnBackup:
      return "extra_on_backup";
    case DiffKind::kDifferent:
      return "different";
  }
  return "different";
}

// Differences between two (key, digest) lists; rows are [key columns..., digest].
std::vector<RowDifference> diff_keyed(const db::ResultSet& primary, const db::ResultSet& backup,
                                      size_t key_size) {
  std::map<std::string, std::pair<KeyValue, std::string>> p;
  auto split = [&](const db::Row& row) {
    KeyValue key;
    for (size_t i = 0; i < key_size; ++i) key.push_back(row[i].value_or(""));
    return std::make_pair(key, row[key_size].value_or(""));
  };
  for (const auto& row : primary.rows) {
    auto [key, digest] = split(row);
    p.emplace(encode(key), std::make_pair(key, digest));
  }
  std::vector<RowDifference> out;
  for (const auto& row : backup.rows) {
    auto [key, digest] = split(row);
    auto it = p.find(encode(key));
    if (it == p.end()) {
      out.push_back({DiffKind::kExtraOnBackup, key, "", 0, 1});
      continue;
    }
    if (it->second.second != digest) out.push_back({DiffKind::kDifferent, key, "", 1, 1});
    p.erase(it);
  }
  for (auto& [encoded, value] : p) {
    out.push_back({DiffKind::kMissingOnBackup, value.first, "", 1, 0});
  }
  std::sort(out.begin(), out.end(),
            [](const RowDifference& a, const RowDifference& b) { return a.key < b.key; });
  return out;
}

// Differences between two multisets of row digests; rows are [digest, count].
std::vector<RowDifference> diff_keyless(const db::ResultSet& primary, const db::ResultSet& backup) {
  std::map<std::string, std::pair<int64_t, int64_t>> counts;
  for (const auto& row : primary.rows) counts[row[0].value_or("")].first += to_int(row[1]);
  for (const auto& row : backup.rows) counts[row[0].value_or("")].second += to_int(row[1]);
  std::vector<RowDifference> out;
  for (const auto& [digest, c] : counts) {
    if (c.first == c.second) continue;
    out.push_back({c.first > c.second ? DiffKind::kMissingOnBackup : DiffKind::kExtraOnBackup,
                   {},
                   digest,
                   c.first,
                   c.second});
  }
  return out;
}

bool same_row(const RowDifference& a, const RowDifference& b) {
  return a.key == b.key && a.row_digest == b.row_digest;
}

std::string row_identity(const RowDifference& d) {
  return d.key.empty() ? "#" + d.row_digest : encode(d.key);
}

}  // namespace jaga::consistency
