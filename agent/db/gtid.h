// GTID positions of both server flavours, and what a replica holds relative to its primary.
// Pure logic: callers read the variables from the servers and pass their text in.
//
// MariaDB GTIDs are `domain-server_id-seq_no`; a position or binlog state is a comma-separated
// list of them ("0-1-100,1-2-5"). MySQL GTID sets are `uuid:interval[:interval...]` per source
// server, comma-separated ("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7-9,..."). MySQL 8.3+
// tagged GTIDs (`uuid:tag:1-5`) are not supported: they are rejected as a malformed interval.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace jaga::db {

// One MariaDB GTID: transaction `seq_no` of replication domain `domain`, written by the server
// with @@server_id `server_id`.
struct MariaGtid {
  uint32_t domain = 0;
  uint32_t server_id = 0;
  uint64_t seq_no = 0;

  bool operator==(const MariaGtid&) const = default;
};

// "0-1-100".
std::string to_string(const MariaGtid& gtid);

// Parses a MariaDB GTID list such as @@gtid_binlog_pos, @@gtid_slave_pos or @@gtid_binlog_state:
// comma-separated, whitespace (including newlines) around elements ignored, "" is the empty list.
// Elements are returned in text order; duplicates are kept. An Error quotes the offending element
// and the text, and says what was expected (empty elements, signs, overflow and anything but
// three unsigned decimal numbers are rejected).
Result<std::vector<MariaGtid>> parse_mariadb_gtid_list(std::string_view text);

// A MySQL GTID set: for each source server uuid (lower case), sorted, disjoint, non-adjacent
// closed intervals of transaction numbers (1 <= first <= last <= 2^63-1, MySQL's GNO_MAX).
class GtidSet {
 public:
  // A closed interval of transaction numbers.
  struct Interval {
    uint64_t first = 0;
    uint64_t last = 0;
    bool operator==(const Interval&) const = default;
  };

  // Parses MySQL's text form (@@gtid_executed, Executed_Gtid_Set, GTID_SUBTRACT() output):
  // whitespace and newlines around elements and separators allowed, "" is the empty set, uuids
  // case-insensitive, repeated uuids and overlapping intervals merged. An Error quotes the
  // offending fragment and the text and says what was expected.
  static Result<GtidSet> parse(std::string_view text);

  // The transactions of this set that are not in `other`.
  GtidSet subtract(const GtidSet& other) const;
  // Number of transactions; saturates at UINT64_MAX.
  uint64_t count() const;
  bool empty() const { return sources_.empty(); }

  // Canonical single-line text: uuids in ascending order, merged intervals, "uuid:1-5:7,uuid:3"
  // (MySQL itself separates uuids with ",\n"; both parse the same). "" for the empty set.
  std::string to_string() const;
  // The canonical text of each source uuid's part, in ascending uuid order.
  std::vector<std::string> source_strings() const;

  bool operator==(const GtidSet&) const = default;

 private:
  std::map<std::string, std::vector<Interval>> sources_;  // never holds an empty vector
};

// What a replica holds relative to its primary.
struct GtidComparison {
  // Transactions the primary has that the replica has not applied yet.
  uint64_t gap = 0;
  // Transactions the replica executed that the primary never had, as GTID text: one MariaDB GTID
  // ("0-2-57") or one MySQL uuid's set ("uuid:1-3") per entry.
  std::vector<std::string> errant;
};

// MariaDB. `primary_binlog_state` and `replica_binlog_state` are each server's
// @@gtid_binlog_state, `primary_binlog_pos` is the primary's @@gtid_binlog_pos and
// `replica_slave_pos` the replica's @@gtid_slave_pos.
//   gap: for each domain of the primary's position, max(0, primary seq_no - replica seq_no) (a
//     domain missing from the replica counts from 0), summed; saturates at UINT64_MAX.
//   errant: the entries (d, s, n) of the replica's binlog state, in its order, that the primary's
//     state does not cover; covered means the primary's state has an entry with domain d, server
//     s and seq_no >= n. MariaDB keeps the last GTID of every (domain, server) pair in the binlog
//     state, so a local write on the replica shows up as its own server_id there.
// An Error names the variable whose text does not parse.
Result<GtidComparison> compare_mariadb(std::string_view primary_binlog_state,
                                       std::string_view replica_binlog_state,
                                       std::string_view primary_binlog_pos,
                                       std::string_view replica_slave_pos);

// MySQL, from each server's @@gtid_executed (or Executed_Gtid_Set).
//   gap: count(primary \ replica).
//   errant: replica \ primary, one entry per source uuid.
// An Error names the server whose text does not parse.
Result<GtidComparison> compare_mysql(std::string_view primary_executed,
                                     std::string_view replica_executed);

}  // namespace jaga::db
