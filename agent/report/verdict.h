// The verdict on page 1 of a report: one judgement per area of the evidence (server,
// replication, consistency, backups and restore tests, security) and one for the whole period,
// each with its reason in one sentence. A pure function of the period's Summary: it reads no
// store, no clock and no file, so every rule is tested on hand-made summaries.
//
// Rules, per area (thresholds from config::VerdictConfig):
//   PERLU TINDAKAN       a CRIT of the area's checks is still CRIT at the period's end, a WARN of
//                        them lasted longer than max_warn_hours, or (consistency) a run found
//                        differing rows;
//   TIDAK DAPAT DINILAI  the area's checks have no result in the period, its scheduled checks
//                        were silent for more than (100 - min_coverage_percent)% of the period,
//                        or its required evidence is missing: a complete consistency run; a
//                        verified backup; weekly and monthly also a passed restore test;
//   AMAN                 otherwise.
// An area that needs action and also lacks evidence is PERLU TINDAKAN, with both reasons. The
// whole period takes the worst area in the order PERLU TINDAKAN, TIDAK DAPAT DINILAI, AMAN: a
// proven problem asks for action whatever could not be seen, and nothing unassessed is ever
// summed up as AMAN (the areas stay listed, and `unassessed_areas` counts them).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "report/aggregator.h"
#include "report/summary.h"

namespace jaga::report {

enum class Verdict { kAman, kPerluTindakan, kTidakDapatDinilai };

enum class Area { kServer, kReplication, kConsistency, kBackups, kSecurity };

// A sentence in both report languages.
struct Reason {
  std::string id;  // Indonesian
  std::string en;  // English
};

struct AreaVerdict {
  Area area = Area::kServer;
  Verdict verdict = Verdict::kAman;
  std::vector<Reason> reasons;  // why it has this verdict, the first decides; never empty
  std::vector<Reason> missing;  // the evidence it lacks (also when it needs action anyway)
  std::optional<double> coverage_percent;  // the least any scheduled check of it covered
};

struct PeriodVerdict {
  Verdict overall = Verdict::kTidakDapatDinilai;
  std::vector<AreaVerdict> areas;  // in the order of enum Area
  int unassessed_areas = 0;        // areas with missing evidence, whatever their verdict
};

// Judges `summary`. `expected` gives each check's interval (aggregator.h): a check whose
// interval is 0, or longer than half the period, is not held to the coverage rule.
PeriodVerdict judge_period(const Summary& summary, const std::vector<ExpectedCheck>& expected,
                           const config::VerdictConfig& rules);

// "AMAN", "PERLU TINDAKAN", "TIDAK DAPAT DINILAI" (id) or "SAFE", "ACTION REQUIRED", "CANNOT BE
// ASSESSED" (en).
std::string verdict_text(Verdict verdict, std::string_view language);
// The stable code in the report JSON: "AMAN", "PERLU_TINDAKAN", "TIDAK_DAPAT_DINILAI".
std::string_view verdict_code(Verdict verdict);
// "server", "replication", "consistency", "backups", "security".
std::string_view area_code(Area area);
// "Server", "Replikasi", "Konsistensi data", "Cadangan dan uji pemulihan", "Keamanan".
std::string area_text(Area area, std::string_view language);

}  // namespace jaga::report
