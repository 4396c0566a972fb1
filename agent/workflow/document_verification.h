// The verification `jaga verify FILE.pdf` does on a signed report PDF, as one reusable call for
// the command and the desk's "Verifikasi Dokumen" page: every signature (sign::verify_pdf), the
// chain of steps and roles (chain_verify.h: against the register when there is one), and whether
// the file is the recorded final document (recorded_document.h). Reads the store, never writes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "sign/trust_store.h"
#include "sign/verifier.h"
#include "workflow/chain_verify.h"
#include "workflow/definition.h"
#include "workflow/recorded_document.h"
#include "workflow/report_store.h"

namespace jaga::workflow {

struct DocumentVerdict {
  std::vector<sign::VerifiedSignature> signatures;  // empty: the PDF carries none
  std::optional<ChainVerdict> chain;  // nullopt: no definition, no signatures, or chain_error
  std::string chain_error;            // why the chain could not be checked
  RegisterVerdict in_register;
  std::string register_error;  // why the register, though given, could not be read
  // At least one signature, all valid, the chain in order, and the register (when consulted)
  // recorded this very file.
  bool valid() const;
};

// The chain and register part for `pdf` whose signatures sign::verify_pdf found (`signatures`,
// not empty), as `jaga verify` does it once it knows there are signatures.
DocumentVerdict judge_document(const std::string& pdf,
                               std::vector<sign::VerifiedSignature> signatures,
                               const Definition* definition, const ReportStore* reports,
                               const std::string& why_no_register);

// Verifies `pdf` at `now`. `definition` and `reports` may be null (no workflow, no register;
// `why_no_register` then says why). Error only when `pdf` is not a PDF that can be read.
Result<DocumentVerdict> verify_document(const std::string& pdf, const sign::TrustStore& trust,
                                        TimePoint now, const Definition* definition,
                                        const ReportStore* reports,
                                        const std::string& why_no_register);

}  // namespace jaga::workflow
