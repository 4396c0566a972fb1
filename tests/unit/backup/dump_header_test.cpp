#include "backup/dump_header.h"

#include <catch2/catch.hpp>

namespace jaga::backup {
namespace {

using Catch::Contains;

const std::string kMariaDb =
    "/*M!999999\\- enable the sandbox mode */ \n"
    "-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)\n"
    "--\n"
    "-- Host: localhost    Database: siak\n"
    "-- ------------------------------------------------------\n"
    "-- Server version\t10.11.19-MariaDB-0+deb12u1-log\n"
    "\n"
    "-- CHANGE MASTER TO MASTER_LOG_FILE='binlog.000001', MASTER_LOG_POS=2439310;\n";

TEST_CASE("a mariadb-dump header gives tool, host, database, server and position",
          "[backup][dump_header]") {
  auto h = parse_dump_header(kMariaDb, "d.sql");
  REQUIRE(h.ok());
  CHECK(h->tool == "MariaDB dump");
  CHECK(h->tool_version == "10.19");
  CHECK(h->host == "localhost");
  CHECK(h->database == "siak");
  CHECK(h->server_version == "10.11.19-MariaDB-0+deb12u1-log");
  CHECK(h->binlog_file == "binlog.000001");
  CHECK(h->binlog_position == 2439310);
  scan_dump_positions("-- SET GLOBAL gtid_slave_pos='0-1-26';\n", *h);
  CHECK(h->gtid_position == "0-1-26");
}

TEST_CASE("a MySQL 8 mysqldump header is understood", "[backup][dump_header]") {
  auto h = parse_dump_header(
      "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n--\n-- Host: db1    Database: \n"
      "-- ------------------------------------------------------\n-- Server version\t8.0.36\n",
      "d.sql");
  REQUIRE(h.ok());
  CHECK(h->tool == "MySQL dump");
  CHECK(h->host == "db1");
  CHECK(h->database.empty());
  CHECK(h->server_version == "8.0.36");
}

TEST_CASE("text that is not a dump is refused saying what it starts with",
          "[backup][dump_header]") {
  auto h = parse_dump_header("CREATE TABLE t (a INT);\n", "/b/x.sql");
  REQUIRE_FALSE(h.ok());
  CHECK_THAT(h.error().message,
             Contains("/b/x.sql does not start like a mysqldump or mariadb-dump file") &&
                 Contains("found \"CREATE TABLE t (a INT);\""));
  h = parse_dump_header("", "/b/x.sql");
  REQUIRE_FALSE(h.ok());
  CHECK_THAT(h.error().message, Contains("/b/x.sql is empty"));
  h = parse_dump_header(std::string("\x28\xb5\x2f\xfd garbage", 12), "/b/x.sql");
  REQUIRE_FALSE(h.ok());
  CHECK_THAT(h.error().message, Contains("found \"(?/?"));
}

TEST_CASE("a dump header without version or server line is refused", "[backup][dump_header]") {
  auto h = parse_dump_header("-- MariaDB dump \n", "x.sql");
  REQUIRE_FALSE(h.ok());
  CHECK_THAT(h.error().message, Contains("gives no version"));
  h = parse_dump_header("-- MariaDB dump 10.19  Distrib\n--\n-- Host: a    Database: b\n", "x.sql");
  REQUIRE_FALSE(h.ok());
  CHECK_THAT(h.error().message, Contains("x.sql: the header has no \"-- Server version\" line"));
  h = parse_dump_header("/*M!999999\\- enable the sandbox mode */ \n", "x.sql");
  REQUIRE_FALSE(h.ok());
  CHECK_THAT(h.error().message, Contains("the header ends after its first line"));
}

TEST_CASE("the completion marker must be the last line of the dump", "[backup][dump_header]") {
  CHECK(dump_completed("...;\n\n-- Dump completed on 2026-11-27  0:30:39\n") ==
        std::string("2026-11-27  0:30:39"));
  CHECK(dump_completed("-- Dump completed\n").has_value());
  CHECK_FALSE(dump_completed("INSERT INTO t VALUES (1),(2"));
  CHECK_FALSE(dump_completed("-- Dump completed on 2026\nINSERT INTO t VALUES (1);\n"));
  CHECK_FALSE(dump_completed(""));
}

}  // namespace
}  // namespace jaga::backup
