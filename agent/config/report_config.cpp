// The [report] table: where drafted reports go, their language, zone, numbering, letterhead and
// the three officials who sign them (SOP-PIAK-07: APK, Sub Koordinator, Kepala Bidang).
#include <map>

#include "config/config.h"
#include "config/table_reader.h"

namespace jaga::config {
namespace {

// The IANA names of Indonesia's three zones, none of which has daylight saving time.
const std::map<std::string, std::string> kIndonesianZones = {{"Asia/Jakarta", "+07:00"},
                                                             {"Asia/Pontianak", "+07:00"},
                                                             {"Asia/Makassar", "+08:00"},
                                                             {"Asia/Jayapura", "+09:00"}};

void read_zone(TableReader& r, UtcOffset& zone) {
  std::string text;
  r.string("time_zone", text);
  if (r.error || text.empty()) return;
  auto named = kIndonesianZones.find(text);
  auto parsed = UtcOffset::parse(named == kIndonesianZones.end() ? text : named->second);
  if (!parsed) {
    return r.fail_at("time_zone", parsed.error().message +
                                      " (or one of Asia/Jakarta, Asia/Pontianak, Asia/Makassar, "
                                      "Asia/Jayapura)");
  }
  zone = *parsed;
}

// Placeholders must identify the period so two reports never share a number.
void read_number_format(TableReader& r, std::string& format) {
  r.string("number_format", format);
  if (r.error) return;
  std::string rest = format;
  for (const char* p : {"{kind}", "{yyyy}", "{mm}", "{dd}"}) {
    const auto at = rest.find(p);
    if (at == std::string::npos) {
      return r.fail_at("number_format",
                       fmt::format("must contain {} so that every report gets its own number "
                                   "(placeholders: {{kind}} {{yyyy}} {{mm}} {{dd}})",
                                   p));
    }
    rest.erase(at, std::string(p).size());
  }
  for (char c : rest) {
    const bool fine = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '/' || c == '-' || c == '.' || c == '_';
    if (!fine) {
      return r.fail_at("number_format",
                       fmt::format("character '{}' is not allowed (letters, digits, / - . _ "
                                   "and the placeholders {{kind}} {{yyyy}} {{mm}} {{dd}})",
                                   c));
    }
  }
}

void read_official(TableReader& r, OfficialConfig& o) {
  r.string("name", o.name, true);
  r.string("nip", o.nip);
  r.string("email", o.email);
  if (r.error) return;
  const auto at = o.email.find('@');
  if (!o.email.empty() && (at == 0 || at == std::string::npos || at + 1 == o.email.size() ||
                           o.email.find_first_of(" <>,;\"\r\n") != std::string::npos)) {
    return r.fail_at(
        "email",
        fmt::format("must be a plain address like kabid@dukcapil.local, got \"{}\"", o.email));
  }
  if (o.nip.empty()) return;
  std::string digits;
  for (char c : o.nip) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c != ' ') {
      return r.fail_at("nip", "a NIP has 18 digits (spaces allowed), e.g. 196707191993111001");
    }
  }
  if (digits.size() != 18) {
    return r.fail_at("nip", fmt::format("a NIP has 18 digits, this one has {}", digits.size()));
  }
  o.nip = digits;
}

}  // namespace

void read_report(TableReader& r, ReportConfig& c) {
  r.string("dir", c.dir);
  if (!r.error && c.dir.empty()) return r.fail_at("dir", "must name a directory");
  r.one_of("language", c.language, std::map<std::string, std::string>{{"id", "id"}, {"en", "en"}});
  read_zone(r, c.zone);
  read_number_format(r, c.number_format);
  r.table("letterhead", false, [&](TableReader& t) {
    t.string("government", c.government);
    t.string("agency", c.agency);
    t.string("address", c.address);
    t.string("logo", c.logo);
    t.string("place", c.place);
    if (!t.error && !c.logo.empty() &&
        (c.logo.size() < 4 || c.logo.compare(c.logo.size() - 4, 4, ".png") != 0)) {
      t.fail_at("logo", "must be a PNG file (ending in .png)");
    }
  });
  r.table("verdict", false, [&](TableReader& t) {
    t.number("min_coverage_percent", c.verdict.min_coverage_percent, 0, 100);
    t.number("max_warn_hours", c.verdict.max_warn_hours, 0, 24 * 366);
  });
  r.table("officials", false, [&](TableReader& t) {
    t.table("apk", false, [&](TableReader& o) { read_official(o, c.apk); });
    t.table("sub_koord", false, [&](TableReader& o) { read_official(o, c.sub_koord); });
    t.table("kabid", false, [&](TableReader& o) { read_official(o, c.kabid); });
  });
}

}  // namespace jaga::config
