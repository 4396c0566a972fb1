// `jaga doctor`: one screen that says whether this host's jaga can work, each line a ✓ or a ✗
// (or – where it does not apply or cannot be looked at), and each ✗ with the command that fixes
// it: configuration, password files, the evidence store writable by the service user, the
// monitoring account's grants, the servers reachable, TLS, clock skew, disk, the peer reachable,
// certificates' expiry. It only reads: nothing is recorded, no server is written to.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"

namespace jaga::cli {

enum class Mark { kPass, kFail, kSkip };

struct DoctorLine {
  Mark mark = Mark::kPass;
  std::string topic;   // "password files", "grants on primary (127.0.0.1:3306)"
  std::string detail;  // what was seen, one sentence
  std::string fix;     // for a ✗: the command (or edit) that fixes it
};

// Looks at everything for the configuration at `config_path`, as the service user would need it
// (`service_user`: the account `jaga serve` runs as; a missing account: the current user).
std::vector<DoctorLine> examine(const std::string& config_path, const std::string& service_user,
                                const Clock& clock);

// The screen: a line per finding, "  fix: ..." under each ✗, then a count.
std::string render_doctor(const std::string& config_path, const std::vector<DoctorLine>& lines);

// 0 when no line is ✗, else 1.
int doctor_exit_code(const std::vector<DoctorLine>& lines);

}  // namespace jaga::cli
