// What a check result says, in Indonesian, for the report's PDF. Built from the check, its status
// and its metrics — never from the check's English message — so that results stored by any
// version of jaga, pulled from a peer or recorded long ago read the same; the English message
// stays in the JSON twin and the CLI. Hosts are named by their place ("Server Utama",
// "Server Cadangan"), never by host name or address.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/check_result.h"
#include "core/status.h"
#include "report/metric_scan.h"

namespace jaga::report {

// "Server Cadangan tertinggal 1 jam 30 menit dari Server Utama", "12 baris berbeda antara Server
// Utama dan Server Cadangan", "ruang disk data tinggal 4,50%"; for a status without a figure to
// tell, a plain sentence per check and status.
std::string indonesian_summary(std::string_view check, Status status, const MetricList& metrics);

// The Indonesian sentence of one finding, from its kind and parameters ("Server Cadangan
// tertinggal 1 menit 30 detik dari Server Utama"); nullopt for a finding recorded before kinds
// existed, of a kind this jaga does not know, or without the parameters its sentence needs.
std::optional<std::string> indonesian_finding(const Finding& finding);

// What a stored result says in Indonesian: the sentences of its findings of the result's own
// status, in the order found and each once; when one of them cannot be said from its kind (an
// older result), the plain sentence of indonesian_summary instead. `findings` is the stored JSON
// array of finding_json().
std::string indonesian_result(std::string_view check, Status status, std::string_view findings,
                              const MetricList& metrics);

}  // namespace jaga::report
