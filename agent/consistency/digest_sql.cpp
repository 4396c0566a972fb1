#include "consistency/digest_sql.h"

#include <fmt/format.h>

#include <set>

namespace jaga::consistency {
namespace {

bool is_string_type(const std::string& t) {
  static const std::set<std::string> kStrings = {
      "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "binary", "varbinary",
      "tinyblob", "blob", "mediumblob", "longblob", "json", "enum", "set", "inet6", "uuid",
      // spatial values are binary, vary in length and may hold the separator
      "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
      "geometrycollection"};
  return kStrings.contains(t);
}

std::string table_ref(const TableSchema& t) {
  std::string ref = identifier(t.schema) + "." + identifier(t.name);
  if (t.key_kind == KeyKind::kUnique) ref += " FORCE INDEX (" + identifier(t.key_name) + ")";
  return ref;
}

std::string key_columns(const TableSchema& t) {
  std::string out;
  for (const auto& name : t.key_names()) out += (out.empty() ? "" : ", ") + identifier(name);
  return out;
}

// Lexicographic comparison of the key with `v`: op_last is applied to the last column, op_lead
// (the strict version) to the leading ones: (k1 op v1) OR (k1 = v1 AND k2 op v2) ...
std::string lexicographic(const TableSchema& t, const KeyValue& v, const char* op_lead,
                          const char* op_last, const Quote& quote) {
  const auto names = t.key_names();
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    std::string term;
    for (size_t j = 0; j < i; ++j) {
      term += fmt::format("{} = {} AND ", identifier(names[j]), quote(v[j]));
    }
    term += fmt::format("{} {} {}", identifier(names[i]), i + 1 == names.size() ? op_last : op_lead,
                        quote(v[i]));
    out += (out.empty() ? "(" : " OR (") + term + ")";
  }
  // The redundant bound on the first column lets the optimizer use a range scan.
  const char* first_op = op_lead[0] == '>' ? ">=" : "<=";
  if (names.size() == 1) return out;
  return fmt::format("{} {} {} AND ({})", identifier(names[0]), first_op, quote(v[0]), out);
}

// Every column in table order, FLOAT as DOUBLE so that no digit is lost.
std::string all_columns(const TableSchema& t) {
  std::string out;
  for (const Column& c : t.columns) {
    const std::string id = identifier(c.name);
    out += (out.empty() ? "" : ", ") + (c.data_type == "float" ? "CAST(" + id + " AS DOUBLE)" : id);
  }
  return out;
}

std::string key_in_list(const TableSchema& t, const std::vector<KeyValue>& keys,
                        const Quote& quote) {
  std::string list;
  for (const KeyValue& k : keys) {
    std::string tuple;
    for (const auto& v : k) tuple += (tuple.empty() ? "" : ", ") + quote(v);
    list += (list.empty() ? "" : ", ") + (k.size() == 1 ? tuple : "(" + tuple + ")");
  }
  const std::string columns = key_columns(t);
  return fmt::format("{} IN ({})", t.key.size() == 1 ? columns : "(" + columns + ")", list);
}

}  // namespace

std::string identifier(std::string_view name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  return out + "`";
}

std::string row_hash_sql(const TableSchema& t, RowHash hash) {
  std::string values, nulls, lengths;
  for (const Column& c : t.columns) {
    const std::string id = identifier(c.name);
    values += ", " + (c.data_type == "float" ? "CAST(" + id + " AS DOUBLE)" : id);
    if (c.nullable) nulls += (nulls.empty() ? "" : ", ") + fmt::format("ISNULL({})", id);
    if (is_string_type(c.data_type)) lengths += ", LENGTH(" + id + ")";
  }
  const std::string encoding = fmt::format("CONCAT_WS('#'{}{}{})", values,
                                           nulls.empty() ? "" : ", CONCAT(" + nulls + ")", lengths);
  if (hash == RowHash::kMd5)
    return fmt::format("CAST(CONV(LEFT(MD5({}), 16), 16, 10) AS UNSIGNED)", encoding);
  return fmt::format("CRC32({})", encoding);
}

std::string key_range_sql(const TableSchema& t, const std::optional<KeyValue>& lo,
                          const std::optional<KeyValue>& hi, const Quote& quote) {
  std::string out;
  if (lo) out = "(" + lexicographic(t, *lo, ">", ">", quote) + ")";
  if (hi)
    out += (out.empty() ? "" : " AND ") + ("(" + lexicographic(t, *hi, "<", "<=", quote) + ")");
  return out.empty() ? "1=1" : out;
}

std::string chunk_end_sql(const TableSchema& t, const std::optional<KeyValue>& lo, int64_t rows,
                          const Quote& quote) {
  return fmt::format("SELECT {0} FROM {1} WHERE {2} ORDER BY {0} LIMIT 1 OFFSET {3}",
                     key_columns(t), table_ref(t), key_range_sql(t, lo, std::nullopt, quote),
                     rows - 1);
}

std::string chunk_digest_sql(const TableSchema& t, RowHash hash, const std::optional<KeyValue>& lo,
                             const std::optional<KeyValue>& hi, const Quote& quote) {
  if (t.key_kind == KeyKind::kNone) {
    return fmt::format("SELECT COUNT(*), COALESCE(SUM({}), 0) FROM {}", row_hash_sql(t, hash),
                       table_ref(t));
  }
  return fmt::format("SELECT COUNT(*), COALESCE(BIT_XOR({}), 0) FROM {} WHERE {}",
                     row_hash_sql(t, hash), table_ref(t), key_range_sql(t, lo, hi, quote));
}

std::string row_digests_sql(const TableSchema& t, RowHash hash, const std::optional<KeyValue>& lo,
                            const std::optional<KeyValue>& hi, const Quote& quote) {
  if (t.key_kind == KeyKind::kNone) {
    return fmt::format("SELECT {0} AS h, COUNT(*) FROM {1} GROUP BY h", row_hash_sql(t, hash),
                       table_ref(t));
  }
  return fmt::format("SELECT {}, {} FROM {} WHERE {}", key_columns(t), row_hash_sql(t, hash),
                     table_ref(t), key_range_sql(t, lo, hi, quote));
}

std::string rows_by_key_sql(const TableSchema& t, RowHash hash, const std::vector<KeyValue>& keys,
                            const Quote& quote) {
  return fmt::format("SELECT {}, {} FROM {} WHERE {}", key_columns(t), row_hash_sql(t, hash),
                     table_ref(t), key_in_list(t, keys, quote));
}

std::string row_values_sql(const TableSchema& t, const std::optional<KeyValue>& lo,
                           const std::optional<KeyValue>& hi, int64_t limit, const Quote& quote) {
  std::string sql = fmt::format("SELECT {} FROM {} WHERE {}", all_columns(t), table_ref(t),
                                key_range_sql(t, lo, hi, quote));
  if (limit > 0) sql += fmt::format(" ORDER BY {} LIMIT {}", key_columns(t), limit);
  return sql;
}

std::string row_values_by_key_sql(const TableSchema& t, const std::vector<KeyValue>& keys,
                                  const Quote& quote) {
  return fmt::format("SELECT {} FROM {} WHERE {}", all_columns(t), table_ref(t),
                     key_in_list(t, keys, quote));
}

}  // namespace jaga::consistency
