#include "consistency/digest_sql.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace jaga::consistency {
namespace {

const std::set<std::string>& text_types() {
  static const std::set<std::string> kText = {"char", "varchar",    "tinytext",
                                              "text", "mediumtext", "longtext"};
  return kText;
}
const std::set<std::string>& binary_types() {
  static const std::set<std::string> kBinary = {"binary", "varbinary",  "tinyblob",
                                                "blob",   "mediumblob", "longblob"};
  return kBinary;
}
// Compared and ordered as numbers; ENUM, SET and BIT through col+0.
const std::set<std::string>& numeric_types() {
  static const std::set<std::string> kNumeric = {"tinyint", "smallint", "mediumint", "int",
                                                 "integer", "bigint",   "decimal",   "numeric",
                                                 "year",    "enum",     "set",       "bit"};
  return kNumeric;
}
// Compared with a quoted literal converted to the column's type, as ORDER BY orders it.
const std::set<std::string>& quoted_types() {
  static const std::set<std::string> kQuoted = {"date",  "datetime", "timestamp", "time",
                                                "inet4", "inet6",    "uuid"};
  return kQuoted;
}

bool through_number(const Column& c) {
  return c.data_type == "enum" || c.data_type == "set" || c.data_type == "bit";
}
bool has_charset(const Column& c) {
  return text_types().contains(c.data_type) && !c.charset.empty() && !c.collation.empty();
}

// A plain SQL word (character set and collation names), so it can stand unquoted.
bool plain_word(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_';
  });
}

// An unsigned or signed integer or decimal as the server prints it.
bool plain_number(std::string_view s) {
  size_t i = s.starts_with('-') ? 1 : 0;
  bool digits = false, dot = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') {
      digits = true;
    } else if (s[i] == '.' && !dot && digits) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits && !s.ends_with('.');
}

std::string hex_literal(std::string_view bytes) {
  std::string out = "X'";
  for (unsigned char ch : bytes) out += fmt::format("{:02X}", ch);
  return out + "'";
}

std::string table_ref(const TableSchema& t) {
  std::string ref = identifier(t.schema) + "." + identifier(t.name);
  if (t.key_kind == KeyKind::kUnique) ref += " FORCE INDEX (" + identifier(t.key_name) + ")";
  return ref;
}

// The key columns as ORDER BY names them (their own order).
std::string key_order(const TableSchema& t) {
  std::string out;
  for (const auto& name : t.key_names()) out += (out.empty() ? "" : ", ") + identifier(name);
  return out;
}

// The key column `i` as compared against a literal: ENUM, SET and BIT by number.
std::string key_operand(const TableSchema& t, size_t i) {
  const Column& c = t.columns[t.key[i]];
  return through_number(c) ? "(" + identifier(c.name) + "+0)" : identifier(c.name);
}

// Lexicographic comparison of the key with `v`: op_last is applied to the last column, op_lead
// (the strict version) to the leading ones: (k1 op v1) OR (k1 = v1 AND k2 op v2) ...
std::string lexicographic(const TableSchema& t, const KeyValue& v, const char* op_lead,
                          const char* op_last, const Quote& quote) {
  std::string out;
  auto literal = [&](size_t i) { return key_literal(t.columns[t.key[i]], v[i], quote); };
  for (size_t i = 0; i < t.key.size(); ++i) {
    std::string term;
    for (size_t j = 0; j < i; ++j) {
      term += fmt::format("{} = {} AND ", key_operand(t, j), literal(j));
    }
    term += fmt::format("{} {} {}", key_operand(t, i), i + 1 == t.key.size() ? op_last : op_lead,
                        literal(i));
    out += (out.empty() ? "(" : " OR (") + term + ")";
  }
  // The redundant bound on the first column lets the optimizer use a range scan.
  const char* first_op = op_lead[0] == '>' ? ">=" : "<=";
  if (t.key.size() == 1) return out;
  return fmt::format("{} {} {} AND ({})", key_operand(t, 0), first_op, literal(0), out);
}

std::string key_in_list(const TableSchema& t, const std::vector<KeyValue>& keys,
                        const Quote& quote) {
  std::string list;
  for (const KeyValue& k : keys) {
    std::string tuple;
    for (size_t i = 0; i < t.key.size(); ++i) {
      tuple += (tuple.empty() ? "" : ", ") + key_literal(t.columns[t.key[i]], k[i], quote);
    }
    list += (list.empty() ? "" : ", ") + (k.size() == 1 ? tuple : "(" + tuple + ")");
  }
  std::string operands;
  for (size_t i = 0; i < t.key.size(); ++i) {
    operands += (operands.empty() ? "" : ", ") + key_operand(t, i);
  }
  return fmt::format("{} IN ({})", t.key.size() == 1 ? operands : "(" + operands + ")", list);
}

std::string where(const TableSchema& t, const std::optional<KeyValue>& lo,
                  const std::optional<KeyValue>& hi, const Quote& quote) {
  return t.key_kind == KeyKind::kNone ? "1=1" : key_range_sql(t, lo, hi, quote);
}

// Every column of the row, FLOAT as DOUBLE so that no digit is lost.
std::string plain_columns(const TableSchema& t) {
  std::string out;
  for (const Column& c : t.columns) {
    const std::string id = identifier(c.name);
    out += (out.empty() ? "" : ", ") + (c.data_type == "float" ? "CAST(" + id + " AS DOUBLE)" : id);
  }
  return out;
}

std::string digest_columns(const TableSchema& t) {
  std::string out;
  for (const Column& c : t.columns) out += (out.empty() ? "" : ", ") + value_sql(c);
  if (t.key_kind != KeyKind::kNone) out += ", " + key_select_sql(t);
  return out;
}

// The CRC32 row hash of backup manifests of earlier builds: CONCAT_WS of the text values with
// NULL flags and string lengths.
std::string crc32_row_hash_sql(const TableSchema& t) {
  static const std::set<std::string> kStrings = {"char",
                                                 "varchar",
                                                 "tinytext",
                                                 "text",
                                                 "mediumtext",
                                                 "longtext",
                                                 "binary",
                                                 "varbinary",
                                                 "tinyblob",
                                                 "blob",
                                                 "mediumblob",
                                                 "longblob",
                                                 "json",
                                                 "enum",
                                                 "set",
                                                 "inet6",
                                                 "uuid",
                                                 "geometry",
                                                 "point",
                                                 "linestring",
                                                 "polygon",
                                                 "multipoint",
                                                 "multilinestring",
                                                 "multipolygon",
                                                 "geometrycollection"};
  std::string values, nulls, lengths;
  for (const Column& c : t.columns) {
    const std::string id = identifier(c.name);
    values += ", " + (c.data_type == "float" ? "CAST(" + id + " AS DOUBLE)" : id);
    if (c.nullable) nulls += (nulls.empty() ? "" : ", ") + fmt::format("ISNULL({})", id);
    if (kStrings.contains(c.data_type)) lengths += ", LENGTH(" + id + ")";
  }
  return fmt::format("CRC32(CONCAT_WS('#'{}{}{}))", values,
                     nulls.empty() ? "" : ", CONCAT(" + nulls + ")", lengths);
}

constexpr char kNoLimit[] = "18446744073709551615";

// The sum modulo 2^64 of one 64-bit half (16 hex digits from `from`) of the row digests `h`.
std::string half_sum(int from) {
  return fmt::format(
      "CAST(COALESCE(SUM(CAST(CONV(SUBSTRING(h, {}, 16), 16, 10) AS UNSIGNED)), 0) MOD "
      "18446744073709551616 AS UNSIGNED)",
      from);
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

bool chunkable_key_type(const Column& c) {
  return numeric_types().contains(c.data_type) || quoted_types().contains(c.data_type) ||
         binary_types().contains(c.data_type) || has_charset(c);
}

std::string key_select_sql(const TableSchema& t) {
  std::string out;
  for (size_t i = 0; i < t.key.size(); ++i) {
    const Column& c = t.columns[t.key[i]];
    const std::string id = identifier(c.name);
    const std::string v = through_number(c) ? "(" + id + "+0)"
                          : has_charset(c)  ? "CAST(" + id + " AS BINARY)"
                                            : id;
    out += (out.empty() ? "" : ", ") + v;
  }
  return out;
}

std::string key_literal(const Column& c, std::string_view value, const Quote& quote) {
  if (numeric_types().contains(c.data_type) && plain_number(value)) return std::string(value);
  if (binary_types().contains(c.data_type)) return hex_literal(value);
  if (has_charset(c) && plain_word(c.charset) && plain_word(c.collation)) {
    return fmt::format("_{} {} COLLATE {}", c.charset, hex_literal(value), c.collation);
  }
  return quote(value);
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
  return fmt::format("SELECT {} FROM {} WHERE {} ORDER BY {} LIMIT 1 OFFSET {}", key_select_sql(t),
                     table_ref(t), key_range_sql(t, lo, std::nullopt, quote), key_order(t),
                     rows - 1);
}

std::string value_sql(const Column& c) {
  const std::string id = identifier(c.name);
  return c.data_type == "float" ? "CAST(CAST(" + id + " AS DOUBLE) AS BINARY)"
                                : "CAST(" + id + " AS BINARY)";
}

std::string row_md5_sql(const TableSchema& t) {
  std::string parts;
  for (const Column& c : t.columns) {
    const std::string v = value_sql(c);
    parts += fmt::format("{0}IF({1} IS NULL, 'N', CONCAT('V', LPAD(LENGTH({1}), 10, '0'), {1}))",
                         parts.empty() ? "" : ", ", v);
  }
  return "MD5(CONCAT(" + parts + "))";
}

std::string chunk_digest_sql(const TableSchema& t, const std::optional<KeyValue>& lo,
                             const std::optional<KeyValue>& hi, const Quote& quote) {
  // The LIMIT keeps the derived table from being merged, so MD5 runs once per row.
  return fmt::format(
      "SELECT COUNT(*), {}, {}, COUNT(*) - COUNT(h) FROM (SELECT {} AS h FROM {} WHERE {} LIMIT "
      "{}) d",
      half_sum(1), half_sum(17), row_md5_sql(t), table_ref(t), where(t, lo, hi, quote), kNoLimit);
}

std::string chunk_digest_value(uint64_t high_sum, uint64_t low_sum) {
  return fmt::format("{}:{}", high_sum, low_sum);
}

std::string row_digests_sql(const TableSchema& t, const std::optional<KeyValue>& lo,
                            const std::optional<KeyValue>& hi, const Quote& quote) {
  if (t.key_kind == KeyKind::kNone) {
    return fmt::format("SELECT h, COUNT(*) FROM (SELECT {} AS h FROM {} LIMIT {}) d GROUP BY h",
                       row_md5_sql(t), table_ref(t), kNoLimit);
  }
  return fmt::format("SELECT {}, {} FROM {} WHERE {}", key_select_sql(t), row_md5_sql(t),
                     table_ref(t), key_range_sql(t, lo, hi, quote));
}

std::string rows_by_key_sql(const TableSchema& t, const std::vector<KeyValue>& keys,
                            const Quote& quote) {
  return fmt::format("SELECT {}, {} FROM {} WHERE {}", key_select_sql(t), row_md5_sql(t),
                     table_ref(t), key_in_list(t, keys, quote));
}

std::string digest_values_sql(const TableSchema& t, const std::optional<KeyValue>& lo,
                              const std::optional<KeyValue>& hi, int64_t limit,
                              const Quote& quote) {
  std::string sql = fmt::format("SELECT {} FROM {} WHERE {}", digest_columns(t), table_ref(t),
                                where(t, lo, hi, quote));
  if (limit > 0 && t.key_kind != KeyKind::kNone) {
    sql += fmt::format(" ORDER BY {} LIMIT {}", key_order(t), limit);
  }
  return sql;
}

std::string digest_values_by_key_sql(const TableSchema& t, const std::vector<KeyValue>& keys,
                                     const Quote& quote) {
  return fmt::format("SELECT {} FROM {} WHERE {}", digest_columns(t), table_ref(t),
                     key_in_list(t, keys, quote));
}

std::string row_values_sql(const TableSchema& t, const std::optional<KeyValue>& lo,
                           const std::optional<KeyValue>& hi, int64_t limit, const Quote& quote) {
  std::string sql = fmt::format("SELECT {} FROM {} WHERE {}", plain_columns(t), table_ref(t),
                                key_range_sql(t, lo, hi, quote));
  if (limit > 0) sql += fmt::format(" ORDER BY {} LIMIT {}", key_order(t), limit);
  return sql;
}

std::string crc32_chunk_digest_sql(const TableSchema& t, const std::optional<KeyValue>& lo,
                                   const std::optional<KeyValue>& hi, const Quote& quote) {
  if (t.key_kind == KeyKind::kNone) {
    return fmt::format("SELECT COUNT(*), COALESCE(SUM({}), 0) FROM {}", crc32_row_hash_sql(t),
                       table_ref(t));
  }
  return fmt::format("SELECT COUNT(*), COALESCE(BIT_XOR({}), 0) FROM {} WHERE {}",
                     crc32_row_hash_sql(t), table_ref(t), key_range_sql(t, lo, hi, quote));
}

}  // namespace jaga::consistency
