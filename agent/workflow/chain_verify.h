// "The chain of steps and roles" part of `jaga verify FILE`: given the per-signature results of
// sign::verify_pdf for a report PDF, check that the signatures were made in the workflow's order
// by the right roles, and — when the store knows the PDF — by the very certificates recorded for
// those steps.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "sign/verifier.h"
#include "workflow/definition.h"
#include "workflow/report_store.h"

namespace jaga::workflow {

struct ChainVerdict {
  std::optional<std::string> report;  // the report number when the store knows the PDF
  int version = 0;
  std::vector<std::string> lines;     // one per signature: "1. finalize by apk (Name): ok"
  std::vector<std::string> problems;  // sentences; empty: the chain is in order
  bool ok() const { return problems.empty(); }
};

// Store-free: the i-th signature must be by the role of the i-th signing step (finalize and
// receive steps, in definition order); more signatures than steps, a signature without a role,
// a role out of order, or two signatures by one person (the four-eyes rule, four_eyes.h) is a
// problem naming the signature. `lines` still lists every signature.
ChainVerdict check_signature_order(const Definition& definition,
                                   const std::vector<sign::VerifiedSignature>& signatures);

// As above, and when `pdf` (whole file) is a version of a report in `store` (it starts with a
// drafted version's bytes), each signature must also match the step recorded for it: same
// role and same certificate fingerprint, and the file must be one the chain produced.
Result<ChainVerdict> check_report_chain(const Definition& definition, const ReportStore& store,
                                        const std::string& pdf,
                                        const std::vector<sign::VerifiedSignature>& signatures);

}  // namespace jaga::workflow
