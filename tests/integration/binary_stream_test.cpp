// Connection::stream_binary against the real server: every column type reads as stream() reads it
// over the text protocol (FLOAT and DOUBLE as the same number), long values grow their buffers,
// and a failing statement is an Error that quotes none of its literals.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "tests/integration/sandbox.h"

namespace jaga::test {
namespace {

using Values = std::vector<db::Value>;

// Columns: 0 id, 1-7 integers, 8 YEAR, 9 FLOAT, 10 DOUBLE, 11 DECIMAL, 12-18 temporal, 19-27
// strings and bytes.
constexpr size_t kColumns = 28;
constexpr size_t kFloat = 9;
constexpr size_t kDouble = 10;

const char* const kCreate =
    "CREATE TEMPORARY TABLE siak.jaga_binary (id INT PRIMARY KEY, ti TINYINT, tu TINYINT UNSIGNED, "
    "si SMALLINT, mi MEDIUMINT, i INT, bi BIGINT, bu BIGINT UNSIGNED, y YEAR, f FLOAT, d DOUBLE, "
    "de DECIMAL(30,6), da DATE, t0 TIME, t6 TIME(6), dt DATETIME, dt3 DATETIME(3), dt6 "
    "DATETIME(6), ts TIMESTAMP(6) NULL, c CHAR(16), v VARCHAR(300) CHARACTER SET utf8mb4, tx "
    "MEDIUMTEXT, bl MEDIUMBLOB, bt BIT(12), e ENUM('laki-laki','perempuan'), s SET('a','b','c'), j "
    "JSON, g POINT) ENGINE=InnoDB";

const char* const kRows =
    "INSERT INTO siak.jaga_binary VALUES "
    "(1, -128, 255, -32768, -8388608, -2147483648, -9223372036854775808, 18446744073709551615, "
    "1901, 0.1, -1.5e-300, -123456789012345678.123456, '1000-01-01', '-838:59:59', "
    "'-838:59:59.000001', '9999-12-31 23:59:59', '2026-11-27 01:02:03.004', "
    "'2026-11-27 01:02:03.000009', '2038-01-19 03:14:07.999999', '3322010101010001', "
    "'K\xF0\x9F\x98\x80tut ', REPEAT('panjang ', 20000), x'000a0d095c4e00', b'101010101010', "
    "'perempuan', 'a,c', '{\"a\": [1, null]}', POINT(110.42, -7.05)), "
    "(2, 127, 0, 32767, 8388607, 2147483647, 9223372036854775807, 0, 2155, -0.0, "
    "1.7976931348623157e308, "
    "0.000001, '9999-12-31', '838:59:59', '00:00:00.5', '1970-01-01 00:00:00', "
    "'2000-02-29 12:00:00.5', '2000-02-29 12:00:00', '1970-01-01 00:00:01', '', '', '', x'', b'0', "
    "'laki-laki', '', '[]', POINT(0, 0)), "
    "(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
    "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
    "(4, 0, 1, 0, 0, 0, 0, 1, 2024, 3.4028235e38, 0.1, 0, '2024-02-29', '00:00:00', "
    "'12:34:56.789', '2024-02-29 00:00:00', '2024-02-29 00:00:00', '2024-02-29 00:00:00.1', "
    "'2024-02-29 00:00:00', 'a ', 'A', REPEAT('x', 5000), REPEAT(x'00', 70000), b'111111111111', "
    "NULL, 'a,b,c', '{}', NULL)";

std::vector<Values> read(db::Connection& c, const std::string& sql, bool binary) {
  std::vector<Values> rows;
  auto visit = [&](const char* const* values, const unsigned long* lengths) {
    Values row;
    for (size_t i = 0; i < kColumns; ++i) {
      row.push_back(values[i] ? db::Value(std::string(values[i], lengths[i])) : db::Value());
    }
    rows.push_back(std::move(row));
  };
  auto done = binary ? c.stream_binary(sql, visit) : c.stream(sql, visit);
  REQUIRE(done);
  return rows;
}

}  // namespace

TEST_CASE("stream_binary reads every column type as the text protocol does", "[db][binary]") {
  auto c = Sandbox::get().admin(db::Role::kPrimary);
  admin_sql(*c, "SET SESSION time_zone = '+00:00'");
  admin_sql(*c, "SET SESSION sql_mode = ''");
  admin_sql(*c, "SET SESSION sql_log_bin = 0");  // nothing of this test reaches the backup
  admin_sql(*c, kCreate);
  admin_sql(*c, kRows);
  const std::string select = "SELECT * FROM siak.jaga_binary ORDER BY id";
  const auto text = read(*c, select, false);
  const auto binary = read(*c, select, true);
  REQUIRE(text.size() == 4);
  REQUIRE(binary.size() == text.size());
  for (size_t r = 0; r < text.size(); ++r) {
    for (size_t i = 0; i < kColumns; ++i) {
      INFO("row " << r + 1 << ", column " << i);
      REQUIRE(binary[r][i].has_value() == text[r][i].has_value());
      if (!text[r][i]) continue;
      if (i == kFloat || i == kDouble) {
        // The server prints FLOAT to 6 digits and DOUBLE to 15 or more; this side prints the
        // shortest form that reads back exactly, so the two agree as numbers to that precision.
        const double b = std::strtod(binary[r][i]->c_str(), nullptr);
        const double t = std::strtod(text[r][i]->c_str(), nullptr);
        CHECK(std::fabs(b - t) <= std::fabs(t) * (i == kFloat ? 1e-5 : 1e-14));
        continue;
      }
      CHECK(*binary[r][i] == *text[r][i]);
    }
  }
  // The long values (160,000 and 70,000 bytes) came whole, not cut at the first buffer.
  CHECK(binary[0][21]->size() == 160000);
  CHECK(binary[3][22]->size() == 70000);
  // Floating-point values read back exactly.
  CHECK(std::strtof(binary[0][kFloat]->c_str(), nullptr) == 0.1f);
  CHECK(std::strtof(binary[3][kFloat]->c_str(), nullptr) == 3.4028235e38f);
  CHECK(std::strtod(binary[0][kDouble]->c_str(), nullptr) == -1.5e-300);
  CHECK(std::strtod(binary[1][kDouble]->c_str(), nullptr) == 1.7976931348623157e308);
}

TEST_CASE("stream_binary of a failing statement names the server, not the statement's literals",
          "[db][binary]") {
  auto c = Sandbox::get().admin(db::Role::kPrimary);
  auto done = c->stream_binary("SELECT nik FROM siak.no_such_table WHERE nik = '3322010101010001'",
                               [](const char* const*, const unsigned long*) {});
  REQUIRE_FALSE(done);
  const std::string& message = done.error().message;
  CHECK(message.find("primary") != std::string::npos);
  CHECK(message.find("no_such_table") != std::string::npos);
  CHECK(message.find("3322010101010001") == std::string::npos);
}

TEST_CASE("stream_binary of a statement without rows reads nothing", "[db][binary]") {
  auto c = Sandbox::get().admin(db::Role::kPrimary);
  int rows = 0;
  REQUIRE(c->stream_binary("DO 1", [&](const char* const*, const unsigned long*) { ++rows; }));
  CHECK(rows == 0);
}

}  // namespace jaga::test
