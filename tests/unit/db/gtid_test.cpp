#include "db/gtid.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace jaga::db {
namespace {

using Catch::Contains;
using Catch::StartsWith;

// Server uuids in the form MySQL prints them.
constexpr const char* kPrimaryUuid = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
constexpr const char* kReplicaUuid = "73f86016-978b-11ee-ade5-8d2a2a562feb";
constexpr const char* kThirdUuid = "a5d3e1c2-0b7f-11ef-8c4d-0242ac120003";

std::string uuid(const char* id, const char* intervals) { return std::string(id) + intervals; }

template <typename T>
std::string error_of(const Result<T>& result) {
  REQUIRE_FALSE(result.ok());
  return result.error().message;
}

std::vector<MariaGtid> parse_list(const std::string& text) {
  Result<std::vector<MariaGtid>> list = parse_mariadb_gtid_list(text);
  REQUIRE(list.ok());
  return *list;
}

GtidSet parse_set(const std::string& text) {
  Result<GtidSet> set = GtidSet::parse(text);
  REQUIRE(set.ok());
  return *set;
}

std::string canonical(const std::string& text) { return parse_set(text).to_string(); }

// ---- MariaDB GTID lists ------------------------------------------------------------------------

TEST_CASE("MariaDB GTID list parses domain, server_id and seq_no of each element", "[gtid]") {
  CHECK(parse_list("0-1-100,1-2-5") == std::vector<MariaGtid>{{0, 1, 100}, {1, 2, 5}});
}

TEST_CASE("MariaDB GTID list ignores whitespace and newlines around elements", "[gtid]") {
  CHECK(parse_list(" 0-1-100,\n  1-2-5\n") == std::vector<MariaGtid>{{0, 1, 100}, {1, 2, 5}});
}

TEST_CASE("MariaDB GTID list of empty or blank text is empty", "[gtid]") {
  CHECK(parse_list("").empty());
  CHECK(parse_list(" \n").empty());
}

TEST_CASE("MariaDB GTID prints as domain-server_id-seq_no", "[gtid]") {
  CHECK(to_string(MariaGtid{0, 1, 100}) == "0-1-100");
}

TEST_CASE("MariaDB GTID accepts the largest value of each field", "[gtid]") {
  CHECK(parse_list("4294967295-4294967295-18446744073709551615") ==
        std::vector<MariaGtid>{{4294967295u, 4294967295u, 18446744073709551615u}});
}

TEST_CASE("MariaDB GTID error quotes the element and the list and says what was expected",
          "[gtid]") {
  CHECK(error_of(parse_mariadb_gtid_list("0-1-5,0-1-x")) ==
        "invalid MariaDB GTID \"0-1-x\" in \"0-1-5,0-1-x\": expected domain-server_id-seq_no "
        "(three unsigned numbers)");
}

TEST_CASE("MariaDB GTID list rejects an empty element", "[gtid]") {
  CHECK(error_of(parse_mariadb_gtid_list("0-1-5,,")) ==
        "invalid MariaDB GTID list \"0-1-5,,\": element 2 is empty (expected "
        "domain-server_id-seq_no between commas)");
}

TEST_CASE("MariaDB GTID rejects a negative number", "[gtid]") {
  CHECK_THAT(error_of(parse_mariadb_gtid_list("0-1--5")), Contains("\"0-1--5\""));
  CHECK_THAT(error_of(parse_mariadb_gtid_list("-1-1-5")), Contains("\"-1-1-5\""));
}

TEST_CASE("MariaDB GTID rejects a domain that does not fit in 32 bits", "[gtid]") {
  CHECK_THAT(error_of(parse_mariadb_gtid_list("4294967296-1-5")),
             Contains("\"4294967296-1-5\"") &&
                 Contains("domain 4294967296 is out of range (expected at most 4294967295)"));
}

TEST_CASE("MariaDB GTID rejects a seq_no that does not fit in 64 bits", "[gtid]") {
  CHECK_THAT(error_of(parse_mariadb_gtid_list("0-1-18446744073709551616")),
             Contains("seq_no 18446744073709551616 is out of range"));
}

TEST_CASE("MariaDB GTID rejects two or four fields", "[gtid]") {
  CHECK_THAT(error_of(parse_mariadb_gtid_list("0-1")), Contains("expected domain-server_id"));
  CHECK_THAT(error_of(parse_mariadb_gtid_list("0-1-2-3")), Contains("expected domain-server_id"));
}

TEST_CASE("MariaDB GTID list rejects a MySQL GTID set", "[gtid]") {
  CHECK_THAT(error_of(parse_mariadb_gtid_list(uuid(kPrimaryUuid, ":1-5"))),
             StartsWith("invalid MariaDB GTID \"3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5\""));
}

// ---- MySQL GTID sets: parsing ------------------------------------------------------------------

TEST_CASE("MySQL GTID set keeps canonical text unchanged", "[gtid]") {
  const std::string text = uuid(kPrimaryUuid, ":1-5:7-9:12") + "," + uuid(kReplicaUuid, ":1");
  CHECK(canonical(text) == text);
}

TEST_CASE("MySQL GTID set parses the multi-line text the server prints", "[gtid]") {
  const std::string printed = uuid(kPrimaryUuid, ":1-1043") + ",\n" + uuid(kReplicaUuid, ":1-3");
  CHECK(canonical(printed) == uuid(kPrimaryUuid, ":1-1043") + "," + uuid(kReplicaUuid, ":1-3"));
}

TEST_CASE("MySQL GTID set lower-cases uuids", "[gtid]") {
  CHECK(canonical("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5") == uuid(kPrimaryUuid, ":1-5"));
}

TEST_CASE("MySQL GTID set sorts intervals", "[gtid]") {
  CHECK(canonical(uuid(kPrimaryUuid, ":7-9:1-5")) == uuid(kPrimaryUuid, ":1-5:7-9"));
}

TEST_CASE("MySQL GTID set merges overlapping and adjacent intervals", "[gtid]") {
  CHECK(canonical(uuid(kPrimaryUuid, ":1-3:4-6:5-9:11")) == uuid(kPrimaryUuid, ":1-9:11"));
}

TEST_CASE("MySQL GTID set merges a uuid that appears twice", "[gtid]") {
  CHECK(canonical(uuid(kPrimaryUuid, ":1-3,") + uuid(kPrimaryUuid, ":4-5")) ==
        uuid(kPrimaryUuid, ":1-5"));
}

TEST_CASE("MySQL GTID set prints uuids in ascending order", "[gtid]") {
  CHECK(canonical(uuid(kThirdUuid, ":1,") + uuid(kPrimaryUuid, ":2")) ==
        uuid(kPrimaryUuid, ":2,") + uuid(kThirdUuid, ":1"));
}

TEST_CASE("MySQL GTID set of empty or blank text is empty", "[gtid]") {
  CHECK(parse_set("").empty());
  CHECK(parse_set(" \n").empty());
  CHECK(parse_set("").to_string().empty());
}

TEST_CASE("MySQL GTID set rejects a uuid with a short group and quotes it", "[gtid]") {
  const std::string text = "3e11fa47-71ca-11e1-9e33-c80aa942956:1-5";
  CHECK(error_of(GtidSet::parse(text)) ==
        "invalid MySQL GTID set element \"" + text + "\" of \"" + text +
            "\": \"3e11fa47-71ca-11e1-9e33-c80aa942956\" is not a uuid (expected 8-4-4-4-12 hex "
            "digits)");
}

TEST_CASE("MySQL GTID set rejects a uuid with a non-hex digit", "[gtid]") {
  CHECK_THAT(error_of(GtidSet::parse("3e11fa47-71ca-11e1-9e33-c80aa942956g:1-5")),
             Contains("is not a uuid"));
}

TEST_CASE("MySQL GTID set rejects an interval whose start exceeds its end", "[gtid]") {
  CHECK_THAT(error_of(GtidSet::parse(uuid(kPrimaryUuid, ":1-2:5-3"))),
             StartsWith("invalid interval \"5-3\" in MySQL GTID set element \"" +
                        uuid(kPrimaryUuid, ":1-2:5-3") + "\"") &&
                 Contains("expected N-M with N <= M, but 5 > 3"));
}

TEST_CASE("MySQL GTID set rejects transaction number 0", "[gtid]") {
  CHECK_THAT(error_of(GtidSet::parse(uuid(kPrimaryUuid, ":0-3"))),
             Contains("\"0-3\"") && Contains("transaction numbers start at 1"));
}

TEST_CASE("MySQL GTID set rejects a number above MySQL's GNO_MAX", "[gtid]") {
  CHECK_THAT(error_of(GtidSet::parse(uuid(kPrimaryUuid, ":1-9223372036854775808"))),
             Contains("9223372036854775808 is out of range (expected at most "
                      "9223372036854775807)"));
}

TEST_CASE("MySQL GTID set rejects a negative number", "[gtid]") {
  CHECK_THAT(error_of(GtidSet::parse(uuid(kPrimaryUuid, ":-1-5"))),
             Contains("invalid interval \"-1-5\""));
}

TEST_CASE("MySQL GTID set rejects an empty element", "[gtid]") {
  const std::string text = uuid(kPrimaryUuid, ":1-5,,");
  CHECK(error_of(GtidSet::parse(text)) ==
        "invalid MySQL GTID set \"" + text +
            "\": element 2 is empty (expected uuid:interval[:interval...] between commas)");
}

TEST_CASE("MySQL GTID set rejects an empty interval", "[gtid]") {
  CHECK_THAT(error_of(GtidSet::parse(uuid(kPrimaryUuid, ":1-5:"))),
             Contains("invalid interval \"\""));
}

TEST_CASE("MySQL GTID set rejects a uuid without intervals", "[gtid]") {
  CHECK_THAT(error_of(GtidSet::parse(kPrimaryUuid)),
             Contains("expected uuid:interval[:interval...]"));
}

TEST_CASE("MySQL GTID set rejects a MySQL 8.3 tagged GTID", "[gtid]") {
  CHECK_THAT(error_of(GtidSet::parse(uuid(kPrimaryUuid, ":backup:1-5"))),
             Contains("invalid interval \"backup\""));
}

TEST_CASE("MySQL GTID set error shows newlines of the text escaped", "[gtid]") {
  CHECK_THAT(error_of(GtidSet::parse(uuid(kPrimaryUuid, ":1-5,\nnot-a-uuid:1"))),
             Contains(":1-5,\\nnot-a-uuid:1\""));
}

// ---- MySQL GTID sets: arithmetic ---------------------------------------------------------------

TEST_CASE("MySQL GTID set count sums interval lengths over all uuids", "[gtid]") {
  CHECK(parse_set(uuid(kPrimaryUuid, ":1-5:7-9,") + uuid(kReplicaUuid, ":3")).count() == 9);
}

TEST_CASE("MySQL GTID set count saturates instead of overflowing", "[gtid]") {
  const char* all = ":1-9223372036854775807";
  const GtidSet set = parse_set(uuid(kPrimaryUuid, all) + "," + uuid(kReplicaUuid, all) + "," +
                                uuid(kThirdUuid, all));
  CHECK(set.count() == std::numeric_limits<uint64_t>::max());
}

TEST_CASE("MySQL GTID subtract cuts a hole in an interval", "[gtid]") {
  const GtidSet rest =
      parse_set(uuid(kPrimaryUuid, ":1-10")).subtract(parse_set(uuid(kPrimaryUuid, ":4-6")));
  CHECK(rest.to_string() == uuid(kPrimaryUuid, ":1-3:7-10"));
}

TEST_CASE("MySQL GTID subtract removes several intervals from one", "[gtid]") {
  const GtidSet rest = parse_set(uuid(kPrimaryUuid, ":1-20"))
                           .subtract(parse_set(uuid(kPrimaryUuid, ":2-3:5-6:19-25")));
  CHECK(rest.to_string() == uuid(kPrimaryUuid, ":1:4:7-18"));
}

TEST_CASE("MySQL GTID subtract removes one interval spanning several", "[gtid]") {
  const GtidSet rest = parse_set(uuid(kPrimaryUuid, ":1-3:5-7:9-10"))
                           .subtract(parse_set(uuid(kPrimaryUuid, ":2-9")));
  CHECK(rest.to_string() == uuid(kPrimaryUuid, ":1:10"));
}

TEST_CASE("MySQL GTID subtract of a superset is empty", "[gtid]") {
  const GtidSet rest =
      parse_set(uuid(kPrimaryUuid, ":3-5"))
          .subtract(parse_set(uuid(kPrimaryUuid, ":1-9,") + uuid(kThirdUuid, ":1")));
  CHECK(rest.empty());
}

TEST_CASE("MySQL GTID subtract keeps the uuids the other set lacks", "[gtid]") {
  const GtidSet rest = parse_set(uuid(kPrimaryUuid, ":1-5,") + uuid(kReplicaUuid, ":1-2"))
                           .subtract(parse_set(uuid(kPrimaryUuid, ":1-5")));
  CHECK(rest.to_string() == uuid(kReplicaUuid, ":1-2"));
}

// ---- compare_mariadb ---------------------------------------------------------------------------

TEST_CASE("compare_mariadb counts the transactions a lagging replica has not applied", "[gtid]") {
  Result<GtidComparison> comparison = compare_mariadb("0-1-10", "0-1-7", "0-1-10", "0-1-7");
  REQUIRE(comparison.ok());
  CHECK(comparison->gap == 3);
}

TEST_CASE("compare_mariadb finds no errant transaction on a lagging replica", "[gtid]") {
  Result<GtidComparison> comparison = compare_mariadb("0-1-10", "0-1-7", "0-1-10", "0-1-7");
  REQUIRE(comparison.ok());
  CHECK(comparison->errant.empty());
}

TEST_CASE("compare_mariadb reports a local write on the replica as errant", "[gtid]") {
  Result<GtidComparison> comparison =
      compare_mariadb("0-1-60", "0-1-56,0-2-57", "0-1-60", "0-1-56");
  REQUIRE(comparison.ok());
  CHECK(comparison->errant == std::vector<std::string>{"0-2-57"});
}

// Recorded from two MariaDB 10.11 servers (primary server_id 1, replica server_id 2 with
// log_slave_updates) after a local insert on the replica broke replication: the replica's binlog
// position moved to the errant 0-2-10, its slave position stayed at 0-1-9.
TEST_CASE("compare_mariadb measures the gap from the replica's slave position", "[gtid]") {
  Result<GtidComparison> comparison = compare_mariadb("0-1-10", "0-1-9,0-2-10", "0-1-10", "0-1-9");
  REQUIRE(comparison.ok());
  CHECK(comparison->gap == 1);
}

// Recorded as above, after the primary also wrote in domain 1.
TEST_CASE("compare_mariadb finds the errant transaction among several domains", "[gtid]") {
  Result<GtidComparison> comparison =
      compare_mariadb("0-1-10,1-1-2", "0-2-10,0-1-10,1-1-2", "0-1-10,1-1-2", "0-1-10,1-1-2");
  REQUIRE(comparison.ok());
  CHECK(comparison->errant == std::vector<std::string>{"0-2-10"});
}

TEST_CASE("compare_mariadb sums the gap over the primary's domains", "[gtid]") {
  Result<GtidComparison> comparison =
      compare_mariadb("0-1-10,1-1-7", "0-1-8,1-1-2", "0-1-10,1-1-7", "0-1-8,1-1-2");
  REQUIRE(comparison.ok());
  CHECK(comparison->gap == 7);
}

TEST_CASE("compare_mariadb counts a domain the replica never saw from zero", "[gtid]") {
  Result<GtidComparison> comparison =
      compare_mariadb("0-1-10,1-1-2", "0-1-10", "0-1-10,1-1-2", "0-1-10");
  REQUIRE(comparison.ok());
  CHECK(comparison->gap == 2);
}

TEST_CASE("compare_mariadb counts no gap for a domain where the replica is ahead", "[gtid]") {
  Result<GtidComparison> comparison = compare_mariadb("0-1-5", "0-1-5", "0-1-5", "0-1-8");
  REQUIRE(comparison.ok());
  CHECK(comparison->gap == 0);
}

TEST_CASE("compare_mariadb counts a former primary's transactions as covered", "[gtid]") {
  Result<GtidComparison> comparison =
      compare_mariadb("0-3-40,0-1-60", "0-3-38,0-1-60", "0-1-60", "0-1-60");
  REQUIRE(comparison.ok());
  CHECK(comparison->errant.empty());
}

TEST_CASE("compare_mariadb flags a seq_no beyond the primary's for the same server", "[gtid]") {
  Result<GtidComparison> comparison = compare_mariadb("0-1-60", "0-1-61", "0-1-60", "0-1-61");
  REQUIRE(comparison.ok());
  CHECK(comparison->errant == std::vector<std::string>{"0-1-61"});
}

TEST_CASE("compare_mariadb names the variable whose text does not parse", "[gtid]") {
  CHECK_THAT(error_of(compare_mariadb("0-1-10", "0-1-10", "0-1-10", "0-1-x")),
             StartsWith("replica @@gtid_slave_pos: invalid MariaDB GTID \"0-1-x\""));
}

// ---- compare_mysql -----------------------------------------------------------------------------

TEST_CASE("compare_mysql counts the transactions the replica has not executed", "[gtid]") {
  Result<GtidComparison> comparison =
      compare_mysql(uuid(kPrimaryUuid, ":1-100"), uuid(kPrimaryUuid, ":1-90:95"));
  REQUIRE(comparison.ok());
  CHECK(comparison->gap == 9);
}

TEST_CASE("compare_mysql finds no errant transaction on a lagging replica", "[gtid]") {
  Result<GtidComparison> comparison =
      compare_mysql(uuid(kPrimaryUuid, ":1-100"), uuid(kPrimaryUuid, ":1-90"));
  REQUIRE(comparison.ok());
  CHECK(comparison->errant.empty());
}

TEST_CASE("compare_mysql reports the replica's own transactions per uuid", "[gtid]") {
  Result<GtidComparison> comparison = compare_mysql(
      uuid(kPrimaryUuid, ":1-100"),
      uuid(kPrimaryUuid, ":1-100,\n") + uuid(kReplicaUuid, ":1-3,\n") + uuid(kThirdUuid, ":5"));
  REQUIRE(comparison.ok());
  CHECK(comparison->errant ==
        std::vector<std::string>{uuid(kReplicaUuid, ":1-3"), uuid(kThirdUuid, ":5")});
}

TEST_CASE("compare_mysql reports transactions of the primary's uuid the primary lacks", "[gtid]") {
  Result<GtidComparison> comparison =
      compare_mysql(uuid(kPrimaryUuid, ":1-100"), uuid(kPrimaryUuid, ":1-101"));
  REQUIRE(comparison.ok());
  CHECK(comparison->errant == std::vector<std::string>{uuid(kPrimaryUuid, ":101")});
}

TEST_CASE("compare_mysql names the server whose text does not parse", "[gtid]") {
  CHECK_THAT(error_of(compare_mysql("not-a-set", uuid(kPrimaryUuid, ":1"))),
             StartsWith("primary @@gtid_executed: invalid MySQL GTID set element \"not-a-set\""));
}

}  // namespace
}  // namespace jaga::db
