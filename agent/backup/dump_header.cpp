#include "backup/dump_header.h"

#include <fmt/format.h>

#include <vector>

namespace jaga::backup {
namespace {

std::vector<std::string_view> lines_of(std::string_view text, size_t max) {
  std::vector<std::string_view> out;
  while (!text.empty() && out.size() < max) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// The printable start of a line for messages (a dump may start with anything).
std::string outline(std::string_view line) {
  std::string out;
  for (char c : line.substr(0, 60)) out += (c >= 32 && c < 127) ? c : '?';
  return out;
}

std::string quoted_after(std::string_view text, std::string_view key) {
  const size_t at = text.find(key);
  if (at == std::string_view::npos) return "";
  const size_t start = at + key.size();
  const size_t end = text.find('\'', start);
  if (end == std::string_view::npos) return "";
  return std::string(text.substr(start, end - start));
}

}  // namespace

Result<DumpHeader> parse_dump_header(std::string_view head, const std::string& where) {
  DumpHeader h;
  const auto lines = lines_of(head, 40);
  if (lines.empty()) return Error{fmt::format("{} is empty, not a mysqldump file", where)};
  size_t first = 0;
  // mariadb-dump 10.11.8+ starts with a sandbox-mode comment line before its header.
  if (lines[0].starts_with("/*M!999999")) first = 1;
  if (first >= lines.size()) {
    return Error{fmt::format("{}: the header ends after its first line", where)};
  }
  const std::string_view top = lines[first];
  for (std::string_view tool : {"MariaDB dump", "MySQL dump"}) {
    const std::string prefix = fmt::format("-- {} ", tool);
    if (top.starts_with(prefix)) {
      h.tool = std::string(tool);
      std::string_view rest = top.substr(prefix.size());
      h.tool_version = trim(rest.substr(0, rest.find(' ')));
    }
  }
  if (h.tool.empty()) {
    return Error{fmt::format(
        "{} does not start like a mysqldump or mariadb-dump file (expected \"-- MariaDB dump\" "
        "or \"-- MySQL dump\", found \"{}\")",
        where, outline(top))};
  }
  if (h.tool_version.empty()) {
    return Error{fmt::format("{}: the header line \"{}\" gives no version", where, outline(top))};
  }
  for (size_t i = first + 1; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (line.starts_with("-- Host:")) {
      const size_t db = line.find("Database:");
      h.host = trim(line.substr(8, db == std::string_view::npos ? std::string_view::npos : db - 8));
      if (db != std::string_view::npos) h.database = trim(line.substr(db + 9));
    } else if (line.starts_with("-- Server version")) {
      h.server_version = trim(line.substr(17));
    }
  }
  if (h.server_version.empty()) {
    return Error{fmt::format("{}: the header has no \"-- Server version\" line", where)};
  }
  scan_dump_positions(head, h);
  return h;
}

void scan_dump_positions(std::string_view text, DumpHeader& h) {
  if (h.binlog_file.empty()) {
    h.binlog_file = quoted_after(text, "MASTER_LOG_FILE='");
    const size_t pos = text.find("MASTER_LOG_POS=");
    if (!h.binlog_file.empty() && pos != std::string_view::npos) {
      h.binlog_position =
          std::strtoull(std::string(text.substr(pos + 15, 20)).c_str(), nullptr, 10);
    }
  }
  if (h.gtid_position.empty()) h.gtid_position = quoted_after(text, "gtid_slave_pos='");
}

std::optional<std::string> dump_completed(std::string_view tail) {
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r' || tail.back() == ' ')) {
    tail.remove_suffix(1);
  }
  const size_t nl = tail.rfind('\n');
  const std::string_view last = nl == std::string_view::npos ? tail : tail.substr(nl + 1);
  constexpr std::string_view kMarker = "-- Dump completed";
  if (!last.starts_with(kMarker)) return std::nullopt;
  std::string_view when = last.substr(kMarker.size());
  if (when.starts_with(" on ")) when.remove_prefix(4);
  return trim(when);
}

}  // namespace jaga::backup
