#include "consistency/digest_sql.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "consistency/digester.h"

namespace jaga::consistency {
namespace {

using Catch::Contains;

// An SQL string literal as a connection would quote it: single quotes, inner quotes doubled.
std::string quote_literal(std::string_view v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}
const Quote kQuote = quote_literal;

TableSchema make_table(std::string name, std::vector<Column> columns, std::vector<size_t> key,
                       KeyKind kind, std::string key_name = "PRIMARY") {
  TableSchema t;
  t.schema = "siak";
  t.name = std::move(name);
  t.columns = std::move(columns);
  t.key = std::move(key);
  t.key_kind = kind;
  t.key_name = kind == KeyKind::kNone ? "" : std::move(key_name);
  return t;
}

// siak.biodata_wni as the engine sees it: a CHAR(16) NIK as the primary key.
TableSchema biodata() {
  return make_table("biodata_wni",
                    {{"nik", "char", false},
                     {"nama_lgkp", "varchar", false},
                     {"tgl_lhr", "date", true},
                     {"tinggi", "float", true},
                     {"umur", "int", false}},
                    {0}, KeyKind::kPrimary);
}

// A family member: keyed by (no_kk, nik).
TableSchema anggota_kk() {
  return make_table(
      "anggota_kk",
      {{"no_kk", "char", false}, {"nik", "char", false}, {"stat_hbkel", "tinyint", true}}, {0, 1},
      KeyKind::kPrimary);
}

TableSchema three_column_key() {
  return make_table("mutasi", {{"a", "int", false}, {"b", "varchar", false}, {"c", "char", false}},
                    {0, 1, 2}, KeyKind::kPrimary);
}

TableSchema keyless() {
  return make_table("log_cetak", {{"waktu", "datetime", true}, {"pesan", "text", true}}, {},
                    KeyKind::kNone);
}

// ---- identifiers -------------------------------------------------------------------------------

TEST_CASE("identifier wraps a name in backticks", "[digest_sql]") {
  CHECK(identifier("nik") == "`nik`");
}

TEST_CASE("identifier doubles a backtick inside the name", "[digest_sql]") {
  CHECK(identifier("a`b") == "`a``b`");
  CHECK(identifier("`") == "````");
}

TEST_CASE("schema, table and column names with backticks are escaped in every query",
          "[digest_sql]") {
  TableSchema t =
      make_table("da`ta", {{"k`ey", "int", false}, {"v", "int", false}}, {0}, KeyKind::kPrimary);
  t.schema = "si`ak";
  const std::string sql = chunk_digest_sql(t, KeyValue{"1"}, std::nullopt, kQuote);
  CHECK_THAT(sql, Contains("FROM `si``ak`.`da``ta` WHERE ((`k``ey` > 1))"));
  CHECK_THAT(sql, !Contains("`k`ey`"));
}

// ---- key ranges: one column --------------------------------------------------------------------

TEST_CASE("a one-column range with neither bound is 1=1", "[digest_sql]") {
  CHECK(key_range_sql(biodata(), std::nullopt, std::nullopt, kQuote) == "1=1");
}

TEST_CASE("a one-column range with only a lower bound excludes it", "[digest_sql]") {
  CHECK(key_range_sql(biodata(), KeyValue{"3322010101900001"}, std::nullopt, kQuote) ==
        "((`nik` > '3322010101900001'))");
}

TEST_CASE("a one-column range with only an upper bound includes it", "[digest_sql]") {
  CHECK(key_range_sql(biodata(), std::nullopt, KeyValue{"3322010101900009"}, kQuote) ==
        "((`nik` <= '3322010101900009'))");
}

TEST_CASE("a one-column range with both bounds excludes lo and includes hi", "[digest_sql]") {
  CHECK(key_range_sql(biodata(), KeyValue{"3322010101900001"}, KeyValue{"3322010101900009"},
                      kQuote) ==
        "((`nik` > '3322010101900001')) AND ((`nik` <= '3322010101900009'))");
}

TEST_CASE("key values are quoted by the connection's quote function", "[digest_sql]") {
  CHECK(key_range_sql(biodata(), KeyValue{"O'Brien"}, std::nullopt, kQuote) ==
        "((`nik` > 'O''Brien'))");
}

// ---- key ranges: composite keys ----------------------------------------------------------------

TEST_CASE("a two-column lower bound is lexicographic with a redundant first-column bound",
          "[digest_sql]") {
  CHECK(key_range_sql(anggota_kk(), KeyValue{"K1", "N1"}, std::nullopt, kQuote) ==
        "(`no_kk` >= 'K1' AND ((`no_kk` > 'K1') OR (`no_kk` = 'K1' AND `nik` > 'N1')))");
}

TEST_CASE("a two-column upper bound is lexicographic and inclusive on the last column",
          "[digest_sql]") {
  CHECK(key_range_sql(anggota_kk(), std::nullopt, KeyValue{"K2", "N2"}, kQuote) ==
        "(`no_kk` <= 'K2' AND ((`no_kk` < 'K2') OR (`no_kk` = 'K2' AND `nik` <= 'N2')))");
}

TEST_CASE("a two-column range with both bounds joins them with AND", "[digest_sql]") {
  CHECK(key_range_sql(anggota_kk(), KeyValue{"K1", "N1"}, KeyValue{"K2", "N2"}, kQuote) ==
        "(`no_kk` >= 'K1' AND ((`no_kk` > 'K1') OR (`no_kk` = 'K1' AND `nik` > 'N1'))) AND "
        "(`no_kk` <= 'K2' AND ((`no_kk` < 'K2') OR (`no_kk` = 'K2' AND `nik` <= 'N2')))");
}

TEST_CASE("a two-column range with neither bound is 1=1", "[digest_sql]") {
  CHECK(key_range_sql(anggota_kk(), std::nullopt, std::nullopt, kQuote) == "1=1");
}

TEST_CASE("a three-column lower bound: strict on leading columns, > on the last", "[digest_sql]") {
  CHECK(key_range_sql(three_column_key(), KeyValue{"1", "x", "y"}, std::nullopt, kQuote) ==
        "(`a` >= 1 AND ((`a` > 1) OR (`a` = 1 AND `b` > 'x') OR "
        "(`a` = 1 AND `b` = 'x' AND `c` > 'y')))");
}

TEST_CASE("a three-column upper bound: strict on leading columns, <= on the last", "[digest_sql]") {
  CHECK(key_range_sql(three_column_key(), std::nullopt, KeyValue{"2", "p", "q"}, kQuote) ==
        "(`a` <= 2 AND ((`a` < 2) OR (`a` = 2 AND `b` < 'p') OR "
        "(`a` = 2 AND `b` = 'p' AND `c` <= 'q')))");
}

// ---- key literals in the key's own order -------------------------------------------------------

TEST_CASE("integer and DECIMAL keys compare as unquoted numbers, never as text", "[digest_sql]") {
  for (const char* type : {"tinyint", "int", "bigint", "decimal", "year"}) {
    INFO(type);
    CHECK(key_literal({"k", type, false}, "18446744073709551615", kQuote) ==
          "18446744073709551615");
    CHECK(key_literal({"k", type, false}, "-12.50", kQuote) == "-12.50");
  }
  // Anything else from a server is quoted, never pasted into the SQL.
  CHECK(key_literal({"k", "int", false}, "1 OR 1=1", kQuote) == "'1 OR 1=1'");
}

TEST_CASE("ENUM, SET and BIT keys are selected and compared by number", "[digest_sql]") {
  const TableSchema t =
      make_table("e", {{"st", "enum", false}, {"b", "bit", false}, {"s", "set", false}}, {0, 1, 2},
                 KeyKind::kPrimary);
  CHECK(key_select_sql(t) == "(`st`+0), (`b`+0), (`s`+0)");
  CHECK(key_range_sql(t, KeyValue{"1", "2", "3"}, std::nullopt, kQuote) ==
        "((`st`+0) >= 1 AND (((`st`+0) > 1) OR ((`st`+0) = 1 AND (`b`+0) > 2) OR "
        "((`st`+0) = 1 AND (`b`+0) = 2 AND (`s`+0) > 3)))");
  // ORDER BY stays on the columns themselves, which sort by the same numbers.
  CHECK_THAT(chunk_end_sql(t, std::nullopt, 5, kQuote), Contains("ORDER BY `st`, `b`, `s`"));
}

TEST_CASE("text keys are read as bytes and compared in their own character set and collation",
          "[digest_sql]") {
  const Column c{"nama", "varchar", false, "latin1", "latin1_general_ci"};
  CHECK(key_literal(c, "Sri\xe9", kQuote) == "_latin1 X'537269E9' COLLATE latin1_general_ci");
  TableSchema t = make_table("t", {c}, {0}, KeyKind::kPrimary);
  CHECK(key_select_sql(t) == "CAST(`nama` AS BINARY)");
  // A name that is not a plain word is never pasted: the value is quoted instead.
  CHECK(key_literal({"n", "varchar", false, "x;DROP", "y"}, "a", kQuote) == "'a'");
}

TEST_CASE("binary keys are hex literals, temporal keys quoted", "[digest_sql]") {
  CHECK(key_literal({"k", "varbinary", false}, std::string("a\0'", 3), kQuote) == "X'610027'");
  CHECK(key_literal({"k", "binary", false}, "", kQuote) == "X''");
  CHECK(key_literal({"k", "datetime", false}, "2026-12-06 01:02:03.000001", kQuote) ==
        "'2026-12-06 01:02:03.000001'");
}

TEST_CASE("FLOAT, DOUBLE, JSON and spatial columns cannot order chunks", "[digest_sql]") {
  for (const char* type : {"float", "double", "json", "geometry", "point"}) {
    INFO(type);
    CHECK_FALSE(chunkable_key_type({"k", type, false, "utf8mb4", "utf8mb4_bin"}));
  }
  for (const char* type :
       {"int", "decimal", "enum", "set", "bit", "date", "timestamp", "binary", "uuid", "inet6"}) {
    INFO(type);
    CHECK(chunkable_key_type({"k", type, false}));
  }
  CHECK(chunkable_key_type({"k", "char", false, "utf8mb4", "utf8mb4_general_ci"}));
}

// ---- row digest --------------------------------------------------------------------------------

TEST_CASE("every column is encoded as N, or V + 10 digits of length + its bytes, under MD5",
          "[digest_sql]") {
  const TableSchema t =
      make_table("t", {{"id", "int", false}, {"f", "float", true}}, {0}, KeyKind::kPrimary);
  CHECK(row_md5_sql(t) ==
        "MD5(CONCAT(IF(CAST(`id` AS BINARY) IS NULL, 'N', CONCAT('V', LPAD(LENGTH(CAST(`id` AS "
        "BINARY)), 10, '0'), CAST(`id` AS BINARY))), IF(CAST(CAST(`f` AS DOUBLE) AS BINARY) IS "
        "NULL, 'N', CONCAT('V', LPAD(LENGTH(CAST(CAST(`f` AS DOUBLE) AS BINARY)), 10, '0'), "
        "CAST(CAST(`f` AS DOUBLE) AS BINARY)))))");
}

// ---- chunk digests -----------------------------------------------------------------------------

TEST_CASE("a chunk digest sums both halves of the row MD5s modulo 2^64, never XOR",
          "[digest_sql]") {
  const TableSchema t = biodata();
  const std::string sql = chunk_digest_sql(t, KeyValue{"A"}, KeyValue{"B"}, kQuote);
  CHECK_THAT(sql, Contains("SUM(CAST(CONV(SUBSTRING(h, 1, 16), 16, 10) AS UNSIGNED))"));
  CHECK_THAT(sql, Contains("SUM(CAST(CONV(SUBSTRING(h, 17, 16), 16, 10) AS UNSIGNED))"));
  CHECK_THAT(sql, Contains("MOD 18446744073709551616"));
  CHECK_THAT(sql, Contains("COUNT(*) - COUNT(h)"));
  CHECK_THAT(sql, Contains("WHERE ((`nik` > 'A')) AND ((`nik` <= 'B')) LIMIT"));
  CHECK_THAT(sql, !Contains("BIT_XOR") && !Contains("CRC32"));
}

TEST_CASE("a keyless table's digest covers the whole table", "[digest_sql]") {
  const std::string sql =
      chunk_digest_sql(keyless(), KeyValue{"ignored"}, KeyValue{"ignored"}, kQuote);
  CHECK_THAT(sql, Contains("FROM `siak`.`log_cetak` WHERE 1=1"));
  CHECK_THAT(sql, !Contains("ignored"));
}

TEST_CASE("a table keyed by a unique index forces that index", "[digest_sql]") {
  TableSchema t = biodata();
  t.key_kind = KeyKind::kUnique;
  t.key_name = "uk_nik";
  CHECK_THAT(chunk_digest_sql(t, std::nullopt, std::nullopt, kQuote),
             Contains("FROM `siak`.`biodata_wni` FORCE INDEX (`uk_nik`) WHERE 1=1"));
  CHECK_THAT(chunk_end_sql(t, std::nullopt, 10, kQuote),
             Contains("FROM `siak`.`biodata_wni` FORCE INDEX (`uk_nik`) WHERE"));
  CHECK_THAT(rows_by_key_sql(t, {{"A"}}, kQuote),
             Contains("FROM `siak`.`biodata_wni` FORCE INDEX (`uk_nik`) WHERE"));
}

TEST_CASE("chunk_end_sql takes the rows-th key after lo in key order", "[digest_sql]") {
  CHECK(chunk_end_sql(biodata(), KeyValue{"3322"}, 5000, kQuote) ==
        "SELECT `nik` FROM `siak`.`biodata_wni` WHERE ((`nik` > '3322')) ORDER BY `nik` "
        "LIMIT 1 OFFSET 4999");
}

TEST_CASE("row lists name key and digest, and a keyless table counts each distinct digest",
          "[digest_sql]") {
  const TableSchema t = anggota_kk();
  CHECK(row_digests_sql(t, KeyValue{"K", "N"}, std::nullopt, kQuote) ==
        "SELECT `no_kk`, `nik`, " + row_md5_sql(t) + " FROM `siak`.`anggota_kk` WHERE " +
            key_range_sql(t, KeyValue{"K", "N"}, std::nullopt, kQuote));
  CHECK_THAT(row_digests_sql(keyless(), std::nullopt, std::nullopt, kQuote),
             Contains("GROUP BY h"));
  CHECK(rows_by_key_sql(biodata(), {{"A"}, {"B'C"}}, kQuote) ==
        "SELECT `nik`, " + row_md5_sql(biodata()) +
            " FROM `siak`.`biodata_wni` WHERE `nik` IN ('A', 'B''C')");
  CHECK_THAT(rows_by_key_sql(t, {{"K1", "N1"}}, kQuote),
             Contains("WHERE (`no_kk`, `nik`) IN (('K1', 'N1'))"));
}

TEST_CASE("jaga's values are the digest's values followed by the key", "[digest_sql]") {
  const TableSchema t = anggota_kk();
  CHECK(digest_values_sql(t, std::nullopt, std::nullopt, 10, kQuote) ==
        "SELECT CAST(`no_kk` AS BINARY), CAST(`nik` AS BINARY), CAST(`stat_hbkel` AS BINARY), "
        "`no_kk`, `nik` FROM `siak`.`anggota_kk` WHERE 1=1 ORDER BY `no_kk`, `nik` LIMIT 10");
}

// ---- the range predicate, evaluated ------------------------------------------------------------

// Evaluates the WHERE clauses key_range_sql produces (identifiers, quoted literals, = < <= > >=,
// AND, OR, parentheses, 1=1) against one row. Columns listed in `numeric` compare as integers,
// as the server compares an INT column with a quoted number; the others byte by byte, as under a
// binary collation.
class PredicateEvaluator {
 public:
  PredicateEvaluator(std::string_view sql, const std::map<std::string, std::string>& row,
                     const std::set<std::string>& numeric)
      : sql_(sql), row_(row), numeric_(numeric) {}

  bool evaluate() {
    const bool v = disjunction();
    skip_space();
    if (pos_ != sql_.size()) FAIL("trailing text at " << pos_ << " in " << sql_);
    return v;
  }

 private:
  struct Operand {
    std::string text;
    bool numeric = false;
  };

  bool disjunction() {
    bool v = conjunction();
    while (word("OR")) v = conjunction() || v;
    return v;
  }

  bool conjunction() {
    bool v = primary();
    while (word("AND")) v = primary() && v;
    return v;
  }

  bool primary() {
    skip_space();
    if (peek() == '(') {
      ++pos_;
      const bool v = disjunction();
      expect(')');
      return v;
    }
    const Operand left = operand();
    const std::string op = comparison();
    const Operand right = operand();
    const int c = compare(left, right);
    if (op == "=") return c == 0;
    if (op == "<") return c < 0;
    if (op == "<=") return c <= 0;
    if (op == ">") return c > 0;
    return c >= 0;
  }

  static int compare(const Operand& a, const Operand& b) {
    if (a.numeric || b.numeric) {
      const int64_t x = std::stoll(a.text), y = std::stoll(b.text);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    return a.text.compare(b.text) < 0 ? -1 : a.text.compare(b.text) > 0 ? 1 : 0;
  }

  Operand operand() {
    skip_space();
    if (peek() == '`') {
      const std::string name = delimited('`');
      const auto it = row_.find(name);
      if (it == row_.end()) FAIL("unknown column " << name << " in " << sql_);
      return {it->second, numeric_.contains(name)};
    }
    if (peek() == '\'') return {delimited('\''), false};
    std::string digits;
    if (peek() == '-') digits += sql_[pos_++];  // a negative number, unquoted as keys are
    while (pos_ < sql_.size() && std::isdigit(static_cast<unsigned char>(sql_[pos_]))) {
      digits += sql_[pos_++];
    }
    if (digits.empty()) FAIL("expected an operand at " << pos_ << " in " << sql_);
    return {digits, true};
  }

  // A `name` or 'literal' whose delimiter is escaped by doubling it.
  std::string delimited(char d) {
    std::string out;
    ++pos_;
    while (true) {
      if (pos_ >= sql_.size()) FAIL("unterminated " << d << " in " << sql_);
      if (sql_[pos_] == d) {
        if (pos_ + 1 < sql_.size() && sql_[pos_ + 1] == d) {
          out += d;
          pos_ += 2;
          continue;
        }
        ++pos_;
        return out;
      }
      out += sql_[pos_++];
    }
  }

  std::string comparison() {
    skip_space();
    for (const char* op : {"<=", ">=", "=", "<", ">"}) {
      const std::string_view o(op);
      if (sql_.substr(pos_, o.size()) == o) {
        pos_ += o.size();
        return std::string(o);
      }
    }
    FAIL("expected a comparison at " << pos_ << " in " << sql_);
    return "";
  }

  bool word(std::string_view w) {
    skip_space();
    if (sql_.substr(pos_, w.size()) != w) return false;
    pos_ += w.size();
    return true;
  }

  void expect(char c) {
    skip_space();
    if (peek() != c) FAIL("expected " << c << " at " << pos_ << " in " << sql_);
    ++pos_;
  }

  char peek() const { return pos_ < sql_.size() ? sql_[pos_] : '\0'; }
  void skip_space() {
    while (pos_ < sql_.size() && sql_[pos_] == ' ') ++pos_;
  }

  std::string_view sql_;
  const std::map<std::string, std::string>& row_;
  const std::set<std::string>& numeric_;
  size_t pos_ = 0;
};

// A key of the property test: (INT, VARCHAR, CHAR) with names that need escaping.
struct TestKey {
  int64_t a = 0;
  std::string b, c;
  auto operator<=>(const TestKey&) const = default;
  KeyValue value() const { return {std::to_string(a), b, c}; }
};

TEST_CASE("every key falls in exactly the chunk that holds it in key order", "[digest_sql]") {
  const TableSchema t =
      make_table("acak", {{"a`n", "int", false}, {"b'v", "varchar", false}, {"c", "char", false}},
                 {0, 1, 2}, KeyKind::kPrimary);
  const std::set<std::string> numeric = {"a`n"};
  // Values chosen to trip up a wrong predicate: prefixes, quotes, empty strings, numbers whose
  // text sorts differently from their value (9 < 10 but "9" > "10").
  const std::vector<std::string> strings = {"", "a", "ab", "b", "a'", "'", "A", "a "};
  const std::vector<int64_t> numbers = {-1, 0, 9, 10};
  std::mt19937 random(20260101);
  auto pick = [&](const auto& v) { return v[random() % v.size()]; };
  for (int round = 0; round < 200; ++round) {
    std::set<TestKey> keys;
    for (int i = 0; i < 25; ++i) keys.insert({pick(numbers), pick(strings), pick(strings)});
    // Boundaries: some existing keys, some keys that are not in the table.
    std::set<TestKey> bounds;
    const size_t n_bounds = random() % 6;
    for (size_t i = 0; i < n_bounds; ++i) {
      if (random() % 2 == 0) {
        bounds.insert(*std::next(keys.begin(), static_cast<long>(random() % keys.size())));
      } else {
        bounds.insert({pick(numbers), pick(strings), pick(strings)});
      }
    }
    std::vector<std::optional<KeyValue>> edges = {std::nullopt};
    std::vector<TestKey> sorted(bounds.begin(), bounds.end());
    for (const TestKey& b : sorted) edges.emplace_back(b.value());
    edges.emplace_back(std::nullopt);
    std::vector<std::string> chunks;
    for (size_t i = 0; i + 1 < edges.size(); ++i) {
      chunks.push_back(key_range_sql(t, edges[i], edges[i + 1], kQuote));
    }
    for (const TestKey& k : keys) {
      const std::map<std::string, std::string> row = {
          {"a`n", std::to_string(k.a)}, {"b'v", k.b}, {"c", k.c}};
      // The chunk that must hold k: the first whose upper bound is >= k.
      const size_t expected =
          static_cast<size_t>(std::lower_bound(sorted.begin(), sorted.end(), k) - sorted.begin());
      for (size_t i = 0; i < chunks.size(); ++i) {
        INFO("round " << round << ", key (" << k.a << ", '" << k.b << "', '" << k.c << "'), chunk "
                      << i << ": " << chunks[i]);
        CHECK(PredicateEvaluator(chunks[i], row, numeric).evaluate() == (i == expected));
      }
    }
  }
}

}  // namespace
}  // namespace jaga::consistency

namespace jaga::consistency {
namespace {

TableSchema people() {
  TableSchema t;
  t.schema = "siak";
  t.name = "biodata_wni";
  t.columns = {{"nik", "char", false}, {"tinggi", "float", true}, {"nama", "varchar", false}};
  t.key = {0};
  t.key_kind = KeyKind::kPrimary;
  t.key_name = "PRIMARY";
  return t;
}

std::string quote_simple(std::string_view v) { return "'" + std::string(v) + "'"; }

}  // namespace

TEST_CASE("row_values_sql lists every column once with FLOAT as DOUBLE", "[consistency]") {
  CHECK(row_values_sql(people(), KeyValue{"3322000000000010"}, std::nullopt, 500, quote_simple) ==
        "SELECT `nik`, CAST(`tinggi` AS DOUBLE), `nama` FROM `siak`.`biodata_wni` WHERE "
        "((`nik` > '3322000000000010')) ORDER BY `nik` LIMIT 500");
  CHECK(row_values_sql(people(), std::nullopt, KeyValue{"3322000000000099"}, 0, quote_simple) ==
        "SELECT `nik`, CAST(`tinggi` AS DOUBLE), `nama` FROM `siak`.`biodata_wni` WHERE "
        "((`nik` <= '3322000000000099'))");
}

TEST_CASE("jaga's row digest is MD5 of the encoding SQL builds", "[consistency]") {
  auto md5_hex = [](const std::string& bytes) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    REQUIRE(EVP_Digest(bytes.data(), bytes.size(), md, &size, EVP_md5(), nullptr) == 1);
    std::string out;
    for (unsigned int i = 0; i < size; ++i) out += fmt::format("{:02x}", md[i]);
    return out;
  };
  RowDigester digest(3);
  const char* values[] = {"3322", nullptr, ""};
  const unsigned long lengths[] = {4, 0, 0};
  CHECK(digest(values, lengths).hex() == md5_hex("V00000000043322NV0000000000"));
  // The same digester gives the next row its own digest (nothing left over from the last).
  const char* other[] = {"", "", ""};
  const unsigned long other_lengths[] = {0, 0, 0};
  CHECK(digest(other, other_lengths).hex() == md5_hex("V0000000000V0000000000V0000000000"));
  CHECK(digest(values, lengths).hex() == md5_hex("V00000000043322NV0000000000"));
}

TEST_CASE("chunk sums do not cancel where XOR would", "[consistency]") {
  // The same change on two rows, or one row twice, leaves an XOR unchanged but not a sum.
  const RowDigest a{1, 2}, b{5, 7};
  ChunkSum once, twice;
  once.add(a);
  twice.add(a);
  twice.add(b);
  twice.add(b);
  CHECK(once.value() != twice.value());
  ChunkSum wrap;
  wrap.add({UINT64_MAX, 1});
  wrap.add({1, 0});
  CHECK(wrap.value() == "0:1");  // modulo 2^64, as the SQL MOD 18446744073709551616
}

TEST_CASE("the agent's row encoding tells NULL, empty and moved bytes apart", "[consistency]") {
  auto encode = [](std::vector<const char*> values) {
    std::vector<unsigned long> lengths;
    for (const char* v : values) lengths.push_back(v == nullptr ? 0 : std::strlen(v));
    std::string buffer;
    return std::string(encode_row(values.data(), lengths.data(), values.size(), buffer));
  };
  CHECK(encode({nullptr, ""}) != encode({"", nullptr}));
  CHECK(encode({nullptr}) != encode({""}));
  CHECK(encode({"x#", "y"}) != encode({"x", "#y"}));
  CHECK(encode({"ab", ""}) != encode({"a", "b"}));
  CHECK(encode({"a"}) == std::string("\x01\x00\x00\x00"
                                     "a",
                                     5));
  CHECK(encode({nullptr}) == std::string("\xff\xff\xff\xff", 4));
}

TEST_CASE("a reused encoding buffer gives each row exactly its own bytes", "[consistency]") {
  std::string buffer;
  const char* longer[] = {"a long value", nullptr};
  const unsigned long longer_lengths[] = {12, 0};
  CHECK(encode_row(longer, longer_lengths, 2, buffer).size() == 20);
  const char* shorter[] = {"b"};
  const unsigned long shorter_lengths[] = {1};
  CHECK(encode_row(shorter, shorter_lengths, 1, buffer) == std::string_view("\x01\x00\x00\x00"
                                                                            "b",
                                                                            5));
}

TEST_CASE("a row list keeps keys and hashes until its budget is spent", "[consistency]") {
  // Rows of (name, id, city) keyed by (id, city): the key columns come after the values.
  const std::vector<size_t> key = {1, 2};
  RowList rows(1000);
  CHECK_FALSE(rows.complete());  // nothing read yet
  rows.clear();
  const char* first[] = {"Siti", "7", std::string_view("a\0b", 3).data()};
  const unsigned long first_lengths[] = {4, 1, 3};
  const char* second[] = {nullptr, "12", ""};
  const unsigned long second_lengths[] = {0, 2, 0};
  rows.add(first, first_lengths, 1, 2, RowDigest{0, 0x1234});
  rows.add(second, second_lengths, 1, 2, RowDigest{0xffffffffffffffffull, 1});
  REQUIRE(rows.complete());
  const db::ResultSet listed = rows.to_result_set(key.size());
  REQUIRE(listed.rows.size() == 2);
  CHECK(listed.rows[0] == db::Row{std::string("7"), std::string("a\0b", 3),
                                  std::string("00000000000000000000000000001234")});
  CHECK(listed.rows[1] ==
        db::Row{std::string("12"), std::string(), std::string("ffffffffffffffff0000000000000001")});

  RowList small(30);  // room for the first row (4+1 + 4+3 key bytes, 16 of digest), not both
  small.clear();
  small.add(first, first_lengths, 1, 2, RowDigest{0, 1});
  CHECK(small.complete());
  small.add(second, second_lengths, 1, 2, RowDigest{0, 2});
  CHECK_FALSE(small.complete());
  CHECK(small.bytes() == 0);
  small.clear();  // a new chunk starts complete again
  CHECK(small.complete());
}

}  // namespace jaga::consistency

namespace jaga::consistency {
namespace {

// A complete list of single-column keys with their hashes.
RowList list_of(const std::vector<std::pair<std::string, uint64_t>>& rows) {
  RowList out(1 << 20);
  out.clear();
  for (const auto& [key, hash] : rows) {
    const char* values[] = {key.c_str()};
    const unsigned long lengths[] = {key.size()};
    out.add(values, lengths, 0, 1, RowDigest{0, hash});
  }
  return out;
}

std::vector<std::string> described(const std::vector<RowDifference>& diffs) {
  std::vector<std::string> out;
  for (const auto& d : diffs) out.push_back(std::string(diff_kind_name(d.kind)) + " " + d.key[0]);
  return out;
}

}  // namespace

TEST_CASE("kept rows name the rows that differ whatever their order", "[consistency]") {
  const RowList primary = list_of({{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}, {"e", 5}});
  CHECK(diff_rows(primary, list_of({{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}, {"e", 5}}), 1).empty());
  CHECK(described(diff_rows(primary, list_of({{"a", 1}, {"b", 9}, {"c", 3}, {"d", 4}, {"e", 5}}),
                            1)) == std::vector<std::string>{"different b"});
  // A missing row shifts the rest; an extra one and a changed one after it are still found.
  CHECK(described(
            diff_rows(primary, list_of({{"a", 1}, {"c", 3}, {"cc", 7}, {"d", 8}, {"e", 5}}), 1)) ==
        std::vector<std::string>{"missing_on_backup b", "extra_on_backup cc", "different d"});
  // Another order on the backup (no ORDER BY there) changes nothing.
  CHECK(described(diff_rows(primary, list_of({{"e", 5}, {"d", 4}, {"c", 0}, {"b", 2}, {"a", 1}}),
                            1)) == std::vector<std::string>{"different c"});
  CHECK(described(diff_rows(list_of({}), list_of({{"x", 1}}), 1)) ==
        std::vector<std::string>{"extra_on_backup x"});
}

}  // namespace jaga::consistency
