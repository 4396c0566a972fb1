#include "workflow/chain_verify.h"

#include <fmt/format.h>

#include "core/sha256.h"
#include "sign/signer_role.h"
#include "workflow/four_eyes.h"

namespace jaga::workflow {
namespace {

std::vector<const StepDefinition*> signing_steps(const Definition& d) {
  std::vector<const StepDefinition*> out;
  for (const StepDefinition& s : d.steps) {
    if (s.action == Action::kFinalize || s.action == Action::kReceive) out.push_back(&s);
  }
  return out;
}

std::string who(const sign::VerifiedSignature& s) {
  return fmt::format("signature {} ({}, {})", s.index, s.signer_name,
                     s.role ? sign::role_name(*s.role) : "no role");
}

}  // namespace

ChainVerdict check_signature_order(const Definition& d,
                                   const std::vector<sign::VerifiedSignature>& signatures) {
  ChainVerdict v;
  const auto steps = signing_steps(d);
  for (size_t i = 0; i < signatures.size(); ++i) {
    const sign::VerifiedSignature& s = signatures[i];
    if (i >= steps.size()) {
      v.problems.push_back(fmt::format("{} is one more than the {} signing steps of {}", who(s),
                                       steps.size(), d.id));
      continue;
    }
    const StepDefinition& step = *steps[i];
    const std::string role = s.role ? sign::role_name(*s.role) : "";
    v.lines.push_back(fmt::format("{}. {} by {} ({}): {}", i + 1, step.name, step.role,
                                  s.signer_name, role == step.role ? "role ok" : "WRONG ROLE"));
    if (!s.role) {
      v.problems.push_back(fmt::format(
          "{} has no SOP role (its certificate is not bound to one); step '{}' needs role {}",
          who(s), step.name, step.role));
    } else if (role != step.role) {
      v.problems.push_back(fmt::format("{} is in place of step '{}', which role {} takes", who(s),
                                       step.name, step.role));
    }
  }
  for (std::string& problem : four_eyes_problems(signatures)) {
    v.problems.push_back(std::move(problem));
  }
  return v;
}

Result<ChainVerdict> check_report_chain(const Definition& d, const ReportStore& store,
                                        const std::string& pdf,
                                        const std::vector<sign::VerifiedSignature>& signatures) {
  ChainVerdict v = check_signature_order(d, signatures);
  auto found = store.find_version(pdf);
  if (!found) return found.error();
  if (!*found) return v;
  const auto& [number, version] = **found;
  v.report = number;
  v.version = version;
  auto rows = store.steps(number, false);
  if (!rows) return rows.error();
  std::vector<const StepRow*> signed_steps;
  bool produced = false;
  const std::string digest = sha256_hex(pdf);
  for (const StepRow& r : *rows) {
    if (r.version != version) continue;
    if (r.pdf_sha256 == digest) produced = true;
    if ((r.action == "finalize" || r.action == "receive") && !r.cert_fingerprint.empty()) {
      signed_steps.push_back(&r);
    }
  }
  if (!produced) {
    v.problems.push_back(fmt::format(
        "the file starts with version {} of report {} but is not a PDF the chain produced (its "
        "SHA-256 matches no recorded step)",
        version, number));
  }
  for (size_t i = 0; i < signatures.size() && i < signed_steps.size(); ++i) {
    const sign::VerifiedSignature& s = signatures[i];
    const StepRow& r = *signed_steps[i];
    if (s.fingerprint != r.cert_fingerprint) {
      v.problems.push_back(fmt::format(
          "{} was not made with the certificate recorded for step '{}' of report {} ({}, serial "
          "{})",
          who(s), r.step, number, r.signer, r.cert_serial));
    }
  }
  return v;
}

}  // namespace jaga::workflow
