// The four-eyes rule (prinsip empat mata) of the SOP chain: the chain exists so that several
// officials see each report, so one person never signs (or returns) two steps of the same
// report version, whatever roles they hold — also when the workflow definition lets one person
// hold several roles (allow_multiple_roles, an acting official "Plt."). People are compared as
// sign::same_person does: by NIP, or by name for a signer registered without one.
//
// take_step and return_report refuse the second step (check_four_eyes); `jaga verify` and
// `jaga agenda verify` report chains signed before the rule existed (the *_problems functions).
// Pure functions over recorded steps and verified signatures.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sign/person.h"
#include "sign/signer_registry.h"
#include "sign/verifier.h"
#include "workflow/report_store.h"

namespace jaga::workflow {

// The registry entry of the certificate with a SHA-256 fingerprint, or nullptr: how the rule
// learns who signed a recorded step (TrustStore::binding, SignerRegistry::find_fingerprint).
using FindSigner = std::function<const sign::SignerRecord*(std::string_view fingerprint)>;

// Whether a person signed `row`: a finalize, receive or return with a certificate. Not the
// scheduler's draft, nor the record step, which the last receipt writes with its own signature.
bool is_personal_step(const StepRow& row);

// Who signed `row`: name and NIP of its certificate's registry entry when `find` knows it, else
// the name recorded with the step.
sign::Person signer_of(const StepRow& row, const FindSigner& find);

// Before `person` signs a step of version `version` of report `number`, whose recorded steps so
// far are `steps`: an Error in Indonesian and English naming the person and the earlier step of
// that version they signed, if any.
Result<void> check_four_eyes(const std::string& number, int version,
                             const std::vector<StepRow>& steps, const sign::Person& person,
                             const FindSigner& find);

// Every recorded step (of any version of report `number`) signed by a person who signed an
// earlier step of the same version: one sentence each, naming both steps and the person.
std::vector<std::string> four_eyes_problems(const std::string& number,
                                            const std::vector<StepRow>& steps,
                                            const FindSigner& find);

// The same over the signatures of one PDF (one report version, in signing order); a signature's
// person is its signer_name and nip.
std::vector<std::string> four_eyes_problems(const std::vector<sign::VerifiedSignature>& signatures);

}  // namespace jaga::workflow
