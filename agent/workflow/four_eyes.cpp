#include "workflow/four_eyes.h"

#include <fmt/format.h>

#include "sign/signer_role.h"

namespace jaga::workflow {
namespace {

constexpr const char* kRuleId =
    "satu orang tidak boleh menandatangani dua langkah dari versi laporan yang sama (prinsip "
    "empat mata)";
constexpr const char* kRuleEn =
    "one person may not sign two steps of the same report version (four-eyes rule)";

// "'finalize' (as apk)"; in Indonesian when `indonesian`.
std::string step_text(const StepRow& row, bool indonesian = false) {
  const char* how = row.action == "return" ? (indonesian ? "dikembalikan sebagai" : "returned as")
                                           : (indonesian ? "sebagai" : "as");
  return fmt::format("'{}' ({} {})", row.step, how, row.role);
}

}  // namespace

bool is_personal_step(const StepRow& row) {
  return !row.cert_fingerprint.empty() &&
         (row.action == "finalize" || row.action == "receive" || row.action == "return");
}

sign::Person signer_of(const StepRow& row, const FindSigner& find) {
  if (const sign::SignerRecord* record = find ? find(row.cert_fingerprint) : nullptr) {
    return record->person();
  }
  return sign::Person{row.signer, ""};
}

Result<void> check_four_eyes(const std::string& number, int version,
                             const std::vector<StepRow>& steps, const sign::Person& person,
                             const FindSigner& find) {
  for (const StepRow& row : steps) {
    if (row.version != version || !is_personal_step(row)) continue;
    if (!sign::same_person(signer_of(row, find), person)) continue;
    const std::string who = sign::describe(person);
    return Error{fmt::format(
        "laporan {} versi {}: {} sudah menandatangani langkah {}; {} / report {} version {}: {} "
        "already signed step {}; {}",
        number, version, who, step_text(row, true), kRuleId, number, version, who, step_text(row),
        kRuleEn)};
  }
  return Ok();
}

std::vector<std::string> four_eyes_problems(const std::string& number,
                                            const std::vector<StepRow>& steps,
                                            const FindSigner& find) {
  std::vector<std::string> out;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (!is_personal_step(steps[i])) continue;
    const sign::Person later = signer_of(steps[i], find);
    for (size_t j = 0; j < i; ++j) {
      if (steps[j].version != steps[i].version || !is_personal_step(steps[j])) continue;
      if (!sign::same_person(signer_of(steps[j], find), later)) continue;
      out.push_back(
          fmt::format("report {} version {}: step {} and step {} were both signed by {}; {}",
                      number, steps[i].version, step_text(steps[j]), step_text(steps[i]),
                      sign::describe(later), kRuleEn));
      break;  // one sentence per later step, naming the first earlier one
    }
  }
  return out;
}

std::vector<std::string> four_eyes_problems(
    const std::vector<sign::VerifiedSignature>& signatures) {
  std::vector<std::string> out;
  auto person = [](const sign::VerifiedSignature& s) { return sign::Person{s.signer_name, s.nip}; };
  auto role = [](const sign::VerifiedSignature& s) {
    return s.role ? sign::role_name(*s.role) : "no role";
  };
  auto known = [](const sign::VerifiedSignature& s) {
    return !s.signer_name.empty() || !s.nip.empty();
  };
  for (size_t i = 0; i < signatures.size(); ++i) {
    if (!known(signatures[i])) continue;  // no certificate: already reported as invalid
    for (size_t j = 0; j < i; ++j) {
      if (!known(signatures[j])) continue;
      if (!sign::same_person(person(signatures[j]), person(signatures[i]))) continue;
      out.push_back(fmt::format("signature {} ({}) and signature {} ({}) were both made by {}; {}",
                                signatures[j].index, role(signatures[j]), signatures[i].index,
                                role(signatures[i]), sign::describe(person(signatures[i])),
                                kRuleEn));
      break;
    }
  }
  return out;
}

}  // namespace jaga::workflow
