// Taking a step of the chain (SOP-PIAK-07 steps 3-6): check that it is the next step and that
// the signer's role takes it, that the signer (as a person: NIP, or name) has signed no other
// step of this report version (the four-eyes rule, four_eyes.h), check the signer's
// certificate against the office's trust, sign
// the current PDF (an incremental PAdES update) and the JSON (detached CMS), then record the
// step — and, after the last receipt, the agenda entry — in one transaction. Anything refused
// or failing leaves the store as it was.
#pragma once

#include <string>
#include <vector>

#include "agenda/agenda_book.h"
#include "agenda/agenda_number.h"
#include "core/clock.h"
#include "core/result.h"
#include "core/utc_offset.h"
#include "sign/signing_identity.h"
#include "sign/trust_store.h"
#include "workflow/definition.h"
#include "workflow/report_store.h"

namespace jaga::workflow {

struct ChainContext {
  ReportStore& reports;
  const Definition& definition;
  const agenda::NumberFormat& agenda_format;
  UtcOffset zone;  // the office's zone: agenda years
  const sign::TrustStore& trust;
  std::string location;  // the PDF signatures' /Location (the agent's host name)
  // Signs each agenda entry recorded with the agent's key; empty: entries are not signed.
  agenda::EntrySigner sign_entry = nullptr;
  // The desk's public URL ([desk] public_url): the final document's QR code carries
  // "{verify_url}/verifikasi?nomor=...&versi=N". Empty: no QR code; the approval page says the
  // administrator verifies the file with `jaga verify`.
  std::string verify_url = {};
};

struct StepOutcome {
  std::vector<StepRow> recorded;  // the step and, after the last receipt, the record step
  std::vector<agenda::AgendaEntry> agenda;
  std::string state;  // the report's state afterwards
};

// Finalizes or receives report `number` as `identity` at time `at`.
//
// Finalize makes the final document (final_document.h): the draft, unchanged, with the approval
// page carrying `note` ("Catatan Administrator"), the version, the return history and the steps'
// timing, the three signature fields of the chain and the verification QR code; then certifies
// it (DocMDP P=2) with a visible signature in the first field. `note` is required when the
// draft's verdict is TIDAK DAPAT DINILAI or the version answers a return; without it finalize is
// refused and nothing is recorded. A receipt fills its own field with a visible signature (name,
// role, time in WIB, "Ditandatangani secara elektronik") and takes no note.
Result<StepOutcome> take_step(const ChainContext& context, const std::string& number, Action action,
                              const sign::SigningIdentity& identity, TimePoint at,
                              const std::string& note = {});

// Returns report `number` to the previous holder with `note` (required), signed by `identity`
// as a detached CMS over a small JSON statement; the report then waits for a revision.
Result<StepOutcome> return_report(const ChainContext& context, const std::string& number,
                                  const std::string& note, const sign::SigningIdentity& identity,
                                  TimePoint at);

}  // namespace jaga::workflow
