// `jaga agenda verify`: the agenda book's hash chain checked against itself and against the
// report register (each entry's report must be recorded with the same final document), and the
// register's chains against the four-eyes rule (no person signed two steps of one version).
#pragma once

#include <string>
#include <vector>

#include "agenda/agenda_book.h"
#include "core/result.h"
#include "workflow/four_eyes.h"
#include "workflow/report_store.h"

namespace jaga::workflow {

// Every problem of the book; empty when intact.
Result<std::vector<agenda::Problem>> audit_agenda(const ReportStore& reports);

// Every step in the register (all reports, all versions) signed by a person who had signed an
// earlier step of the same version, one sentence each (see four_eyes_problems); `find` names
// signers by certificate fingerprint (the PKI's signer registry). Empty: the rule held.
Result<std::vector<std::string>> audit_four_eyes(const ReportStore& reports,
                                                 const FindSigner& find);

}  // namespace jaga::workflow
