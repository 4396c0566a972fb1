#include "report/verdict.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/labels.h"
#include "report/timeline.h"

namespace jaga::report {
namespace {

std::vector<std::string_view> checks_of(Area area) {
  switch (area) {
    case Area::kServer:
      return {"server"};
    case Area::kReplication:
      return {"replication"};
    case Area::kConsistency:
      return {"consistency"};
    case Area::kBackups:
      return {"backups", "backup", "restore_test"};
    case Area::kSecurity:
      return {"security"};
  }
  return {};
}

bool in(const std::vector<std::string_view>& checks, std::string_view check) {
  return std::find(checks.begin(), checks.end(), check) != checks.end();
}

// A check as a sentence names it.
Reason check_noun(std::string_view check) {
  if (check == "server") return {"pemeriksaan server", "the server check"};
  if (check == "replication") return {"pemeriksaan replikasi", "the replication check"};
  if (check == "consistency") return {"pemeriksaan konsistensi", "the consistency check"};
  if (check == "backups") return {"pemeriksaan cadangan", "the backup check"};
  if (check == "backup") return {"pembuatan cadangan", "backup taking"};
  if (check == "restore_test") return {"uji pemulihan", "the restore test"};
  if (check == "security") return {"pemeriksaan keamanan", "the security check"};
  return {std::string(check), std::string(check)};
}

std::string capitalized(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 32);
  return text;
}

// A configured threshold as written: "24", or "1,5" when it has a fraction.
std::string threshold_text(double value, std::string_view language) {
  return number_text(value, value == std::floor(value) ? 0 : 1, language);
}

std::chrono::seconds interval_of(const std::vector<ExpectedCheck>& expected,
                                 std::string_view check) {
  for (const ExpectedCheck& e : expected) {
    if (e.name == check) return e.interval;
  }
  return std::chrono::seconds(0);
}

// Percent of the period in which `check` was heard from (the best of the hosts that ran it), or
// nullopt for a check not held to coverage: unscheduled, or allowed to be silent for the whole
// period by its interval.
std::optional<double> coverage_of(const Summary& s, std::string_view check,
                                  std::chrono::seconds interval) {
  const auto period = s.period.end - s.period.start;
  if (interval.count() <= 0 || gap_threshold(interval) >= period) return std::nullopt;
  const double total = std::chrono::duration<double>(period).count();
  std::optional<double> best;
  for (const CheckCounts& c : s.counts) {
    if (c.check != check) continue;
    std::vector<std::pair<TimePoint, TimePoint>> silences;
    for (const Gap& g : s.gaps) {
      if (g.kind == Gap::Kind::kNoResults && g.check == check && g.host == c.host) {
        silences.emplace_back(g.start, g.end);
      }
    }
    const double covered = 100.0 * (total - covered_seconds(std::move(silences))) / total;
    best = std::max(best.value_or(0.0), covered);
  }
  return best.value_or(0.0);  // never run
}

int64_t results_of(const Summary& s, const std::vector<std::string_view>& checks) {
  int64_t n = 0;
  for (const CheckCounts& c : s.counts) {
    if (!in(checks, c.check)) continue;
    for (int64_t by : c.by_status) n += by;
  }
  return n;
}

struct Findings {
  std::vector<Reason> action;
  std::vector<Reason> missing;
};

// PERLU TINDAKAN: the first CRIT still open and the first too-long WARN of the area's checks.
void find_actions(const Summary& s, const std::vector<std::string_view>& checks,
                  const config::VerdictConfig& rules, Findings& f) {
  const bool dated = s.period.kind != PeriodKind::kDaily;
  const std::string hours_id = threshold_text(rules.max_warn_hours, "id");
  const std::string hours_en = threshold_text(rules.max_warn_hours, "en");
  bool crit = false, warn = false;
  for (const Incident& inc : s.incidents) {
    if (!in(checks, inc.check)) continue;
    const Reason noun = check_noun(inc.check);
    const std::string since = short_time(inc.start, s.period.zone, dated);
    if (!crit && inc.status == Status::kCrit && inc.open) {
      crit = true;
      f.action.push_back({fmt::format("{} masih berstatus kritis di akhir periode (sejak {}).",
                                      capitalized(noun.id), since),
                          fmt::format("{} was still critical at the end of the period (since {}).",
                                      capitalized(noun.en), since)});
    }
    if (!warn && inc.status == Status::kWarn && inc.seconds() > rules.max_warn_hours * 3600) {
      warn = true;
      f.action.push_back({fmt::format("{} berstatus peringatan lebih dari {} jam (sejak {}).",
                                      capitalized(noun.id), hours_id, since),
                          fmt::format("{} stayed at warning for more than {} hours (since {}).",
                                      capitalized(noun.en), hours_en, since)});
    }
  }
}

void find_differences(const Summary& s, Findings& f) {
  std::optional<double> most;
  for (const ConsistencyRun& r : s.consistency) {
    if (r.differing_rows.value_or(0) > 0) most = std::max(most.value_or(0), *r.differing_rows);
  }
  if (!most) return;
  f.action.push_back(
      {fmt::format("Pemeriksaan konsistensi menemukan baris yang berbeda antara server utama dan "
                   "server cadangan (terbanyak {} baris dalam satu pemeriksaan).",
                   number_text(*most, 0, "id")),
       fmt::format("The consistency check found rows that differ between the primary and the "
                   "backup server (at most {} rows in one run).",
                   number_text(*most, 0, "en"))});
}

// A run is complete when it compared every table it meant to: it reported its rows and did not
// end UNKNOWN (a table not compared, a comparison stopped half-way).
int64_t complete_runs(const Summary& s) {
  return std::count_if(s.consistency.begin(), s.consistency.end(), [](const ConsistencyRun& r) {
    return r.status != Status::kUnknown && r.rows_compared.has_value();
  });
}

void find_missing_evidence(const Summary& s, Area area, Findings& f) {
  if (area == Area::kConsistency && complete_runs(s) == 0) {
    f.missing.push_back(
        {"Tidak ada pemeriksaan konsistensi yang selesai lengkap dalam periode ini.",
         "No consistency run in the period compared every table."});
  }
  if (area != Area::kBackups) return;
  if (s.backups.verified == 0) {
    f.missing.push_back({"Tidak ada cadangan yang terverifikasi utuh dalam periode ini.",
                         "No backup was verified intact in the period."});
  }
  if (s.period.kind != PeriodKind::kDaily && s.backups.restore_passed == 0) {
    f.missing.push_back({"Tidak ada uji pemulihan yang lulus dalam periode ini.",
                         "No restore test passed in the period."});
  }
}

Reason no_results(Area area) {
  const Reason noun = check_noun(checks_of(area).front());
  return {fmt::format("Tidak ada hasil {} dalam periode ini.", noun.id),
          fmt::format("No result of {} in the period.", noun.en)};
}

Reason safe_reason(const Summary& s, Area area, int64_t results,
                   const config::VerdictConfig& rules) {
  const std::string tail_id = fmt::format(
      ", tanpa status kritis yang tersisa di akhir periode dan tanpa peringatan lebih dari {} jam.",
      threshold_text(rules.max_warn_hours, "id"));
  const std::string tail_en =
      fmt::format(", none critical at the end of the period and no warning longer than {} hours.",
                  threshold_text(rules.max_warn_hours, "en"));
  if (area == Area::kConsistency) {
    const auto n = static_cast<double>(complete_runs(s));
    return {fmt::format("{} pemeriksaan konsistensi selesai lengkap tanpa baris berbeda{}",
                        number_text(n, 0, "id"), tail_id),
            fmt::format("{} complete consistency run(s) without differing rows{}",
                        number_text(n, 0, "en"), tail_en)};
  }
  if (area == Area::kBackups) {
    const auto n = static_cast<double>(s.backups.verified);
    std::string id =
        fmt::format("{} pemeriksaan memverifikasi cadangan utuh", number_text(n, 0, "id"));
    std::string en = fmt::format("{} check(s) verified a backup intact", number_text(n, 0, "en"));
    if (s.backups.restore_passed > 0) {
      const auto r = static_cast<double>(s.backups.restore_passed);
      id += fmt::format(" dan {} uji pemulihan lulus", number_text(r, 0, "id"));
      en += fmt::format(" and {} restore test(s) passed", number_text(r, 0, "en"));
    }
    return {id + tail_id, en + tail_en};
  }
  const Reason noun = check_noun(checks_of(area).front());
  const auto n = static_cast<double>(results);
  return {fmt::format("{} hasil {}{}", number_text(n, 0, "id"), noun.id, tail_id),
          fmt::format("{} result(s) of {}{}", number_text(n, 0, "en"), noun.en, tail_en)};
}

AreaVerdict judge_area(const Summary& s, Area area, const std::vector<ExpectedCheck>& expected,
                       const config::VerdictConfig& rules) {
  AreaVerdict v;
  v.area = area;
  const auto checks = checks_of(area);
  Findings f;
  // Differing rows first: they say more than the CRIT status they cause.
  if (area == Area::kConsistency) find_differences(s, f);
  find_actions(s, checks, rules, f);
  const int64_t results = results_of(s, checks);
  if (results == 0) {
    f.missing.push_back(no_results(area));
  } else {
    find_missing_evidence(s, area, f);
  }
  // The coverage rule: the least covered scheduled check of the area decides.
  std::string_view least;
  for (std::string_view check : checks) {
    const auto covered = coverage_of(s, check, interval_of(expected, check));
    if (covered && (!v.coverage_percent || *covered < *v.coverage_percent)) {
      v.coverage_percent = covered;
      least = check;
    }
  }
  if (results > 0 && v.coverage_percent && *v.coverage_percent < rules.min_coverage_percent) {
    const Reason noun = check_noun(least);
    f.missing.push_back(
        {fmt::format("{} hanya mencakup {}% periode (minimal {}%).", capitalized(noun.id),
                     number_text(*v.coverage_percent, 1, "id"),
                     threshold_text(rules.min_coverage_percent, "id")),
         fmt::format("{} covered only {}% of the period (at least {}% required).",
                     capitalized(noun.en), number_text(*v.coverage_percent, 1, "en"),
                     threshold_text(rules.min_coverage_percent, "en"))});
  }
  v.missing = f.missing;
  if (!f.action.empty()) {
    v.verdict = Verdict::kPerluTindakan;
    v.reasons = std::move(f.action);
  } else if (!f.missing.empty()) {
    v.verdict = Verdict::kTidakDapatDinilai;
    v.reasons = std::move(f.missing);
  } else {
    v.verdict = Verdict::kAman;
    v.reasons.push_back(safe_reason(s, area, results, rules));
  }
  return v;
}

// PERLU TINDAKAN before TIDAK DAPAT DINILAI before AMAN (see the header).
int rank(Verdict v) {
  switch (v) {
    case Verdict::kPerluTindakan:
      return 2;
    case Verdict::kTidakDapatDinilai:
      return 1;
    case Verdict::kAman:
      return 0;
  }
  return 1;
}

}  // namespace

PeriodVerdict judge_period(const Summary& summary, const std::vector<ExpectedCheck>& expected,
                           const config::VerdictConfig& rules) {
  PeriodVerdict out;
  out.overall = Verdict::kAman;
  for (Area area :
       {Area::kServer, Area::kReplication, Area::kConsistency, Area::kBackups, Area::kSecurity}) {
    out.areas.push_back(judge_area(summary, area, expected, rules));
    const AreaVerdict& a = out.areas.back();
    if (rank(a.verdict) > rank(out.overall)) out.overall = a.verdict;
    if (!a.missing.empty()) ++out.unassessed_areas;
  }
  return out;
}

std::string verdict_text(Verdict verdict, std::string_view language) {
  const bool en = language == "en";
  switch (verdict) {
    case Verdict::kAman:
      return en ? "SAFE" : "AMAN";
    case Verdict::kPerluTindakan:
      return en ? "ACTION REQUIRED" : "PERLU TINDAKAN";
    case Verdict::kTidakDapatDinilai:
      return en ? "CANNOT BE ASSESSED" : "TIDAK DAPAT DINILAI";
  }
  return "";
}

std::string_view verdict_code(Verdict verdict) {
  switch (verdict) {
    case Verdict::kAman:
      return "AMAN";
    case Verdict::kPerluTindakan:
      return "PERLU_TINDAKAN";
    case Verdict::kTidakDapatDinilai:
      return "TIDAK_DAPAT_DINILAI";
  }
  return "";
}

std::string_view area_code(Area area) {
  switch (area) {
    case Area::kServer:
      return "server";
    case Area::kReplication:
      return "replication";
    case Area::kConsistency:
      return "consistency";
    case Area::kBackups:
      return "backups";
    case Area::kSecurity:
      return "security";
  }
  return "";
}

std::string area_text(Area area, std::string_view language) {
  const bool en = language == "en";
  switch (area) {
    case Area::kServer:
      return "Server";
    case Area::kReplication:
      return en ? "Replication" : "Replikasi";
    case Area::kConsistency:
      return en ? "Data consistency" : "Konsistensi data";
    case Area::kBackups:
      return en ? "Backups and restore tests" : "Cadangan dan uji pemulihan";
    case Area::kSecurity:
      return en ? "Security" : "Keamanan";
  }
  return "";
}

}  // namespace jaga::report
