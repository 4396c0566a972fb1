#include "workflow/document_verification.h"

#include <algorithm>

namespace jaga::workflow {

bool DocumentVerdict::valid() const {
  if (signatures.empty()) return false;
  const bool all_valid = std::all_of(signatures.begin(), signatures.end(),
                                     [](const sign::VerifiedSignature& s) { return s.valid; });
  const bool chain_ok = !chain || chain->ok();
  const bool register_ok = in_register.status == RegisterStatus::kNotConsulted || in_register.ok();
  return all_valid && chain_ok && chain_error.empty() && register_ok;
}

DocumentVerdict judge_document(const std::string& pdf,
                               std::vector<sign::VerifiedSignature> signatures,
                               const Definition* definition, const ReportStore* reports,
                               const std::string& why_no_register) {
  DocumentVerdict verdict;
  verdict.signatures = std::move(signatures);
  verdict.in_register = register_not_consulted(why_no_register);
  // The signatures are verified whatever happens here; the chain is checked when there is a
  // workflow definition to check it against, the register when there is a store.
  if (definition != nullptr) {
    if (reports == nullptr) {
      verdict.chain = check_signature_order(*definition, verdict.signatures);
    } else if (auto checked = check_report_chain(*definition, *reports, pdf, verdict.signatures)) {
      verdict.chain = std::move(*checked);
    } else {
      verdict.chain_error = checked.error().message;
    }
  }
  if (reports != nullptr) {
    if (auto r = check_register(*reports, pdf, verdict.signatures)) {
      verdict.in_register = std::move(*r);
    } else {
      verdict.register_error = r.error().message;
      verdict.in_register = register_not_consulted(r.error().message);
    }
  }
  return verdict;
}

Result<DocumentVerdict> verify_document(const std::string& pdf, const sign::TrustStore& trust,
                                        TimePoint now, const Definition* definition,
                                        const ReportStore* reports,
                                        const std::string& why_no_register) {
  auto found = sign::verify_pdf(pdf, trust, now);
  if (!found) return found.error();
  if (found->empty()) {
    DocumentVerdict verdict;
    verdict.in_register = register_not_consulted(why_no_register);
    return verdict;
  }
  return judge_document(pdf, std::move(*found), definition, reports, why_no_register);
}

}  // namespace jaga::workflow
