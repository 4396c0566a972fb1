// The short list of actions a report recommends, derived from its findings by fixed rules, in
// Indonesian and English.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "report/summary.h"

namespace jaga::report {

struct Recommendation {
  std::string code;  // stable identifier, e.g. "replication_lag"
  std::string id;    // Indonesian
  std::string en;    // English
};

// At most one recommendation per rule, most urgent first; "no_action" when nothing was found.
// The Indonesian text names hosts by `host_labels` (ReportModel::host_labels) and holds no
// command: it is read by officials.
std::vector<Recommendation> recommend(const Summary& summary,
                                      const std::map<std::string, std::string>& host_labels);

}  // namespace jaga::report
