#include "backup/backup_names.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <filesystem>

namespace jaga::backup {

namespace fs = std::filesystem;

std::string backup_name(TimePoint started) {
  return fmt::format("jaga-{:%Y%m%dT%H%M%S}Z",
                     std::chrono::time_point_cast<std::chrono::seconds>(started));
}

std::string partial_name(TimePoint started) {
  return "." + backup_name(started) + std::string(kPartialSuffix);
}

bool is_partial_name(std::string_view name) {
  return name.starts_with(".jaga-") && name.ends_with(kPartialSuffix);
}

std::optional<TimePoint> parse_backup_name(std::string_view name) {
  // jaga-YYYYMMDDTHHMMSSZ
  if (name.size() != 21 || !name.starts_with("jaga-") || name[13] != 'T' || name[20] != 'Z') {
    return std::nullopt;
  }
  auto digits = [&](size_t at, size_t n, int& out) {
    out = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (name[i] < '0' || name[i] > '9') return false;
      out = out * 10 + (name[i] - '0');
    }
    return true;
  };
  std::tm tm{};
  int y, mo, d, h, mi, s;
  if (!digits(5, 4, y) || !digits(9, 2, mo) || !digits(11, 2, d) || !digits(14, 2, h) ||
      !digits(16, 2, mi) || !digits(18, 2, s)) {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::vector<BackupEntry> list_backups(const std::string& dir) {
  std::vector<BackupEntry> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    auto started = parse_backup_name(name);
    if (!started || !e.is_directory(ec)) continue;
    out.push_back(
        BackupEntry{name, e.path().string(), *started, fs::exists(e.path() / "manifest.json", ec)});
  }
  std::sort(out.begin(), out.end(),
            [](const BackupEntry& a, const BackupEntry& b) { return a.name < b.name; });
  return out;
}

std::vector<std::string> list_partials(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (is_partial_name(e.path().filename().string())) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace jaga::backup
