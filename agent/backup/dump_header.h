// What the text of a mysqldump / mariadb-dump file says about itself: the tool and its version
// from the first lines, host, database and server version from the header comments, the binlog
// and GTID position when it was taken with --master-data / --gtid, and whether it ends with the
// "-- Dump completed" line that the tool writes only after the last table. Pure text parsing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace jaga::backup {

struct DumpHeader {
  std::string tool;          // "MariaDB dump" or "MySQL dump"
  std::string tool_version;  // "10.19"
  std::string host;
  std::string database;        // empty for --all-databases
  std::string server_version;  // "10.11.19-MariaDB-0+deb12u1-log"
  std::string binlog_file;
  uint64_t binlog_position = 0;
  std::string gtid_position;  // from "SET GLOBAL gtid_slave_pos='...'" (MariaDB --gtid)
};

// Parses the header from the first few KiB of the uncompressed dump. `where` names the file in
// errors. A text that does not start like a mysqldump file is an Error saying what it starts with.
Result<DumpHeader> parse_dump_header(std::string_view head, const std::string& where);

// Finds the replication position lines anywhere in `text` (they may come after the header).
void scan_dump_positions(std::string_view text, DumpHeader& header);

// The completion time when `tail` (the last KiB of the dump) holds "-- Dump completed" as its
// last non-empty line; nullopt when the dump stopped before the end.
std::optional<std::string> dump_completed(std::string_view tail);

}  // namespace jaga::backup
