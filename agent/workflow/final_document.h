// The final document of a report version, made at finalize (SOP-PIAK-07 step 3): the drafted
// PDF, unchanged, followed by an approval page (sign/approval_page.h) that tells the document's
// story — its version, the administrator's note ("Catatan Administrator"), every earlier return
// with its note and the administrator's answer, and how long each step before finalize took
// against its standard — and holds the chain's signature block with one field per signing step
// and the QR code of the verification link. The draft's facts are pinned: nothing here reads
// the evidence, so the signed document says what the draft said.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/utc_offset.h"
#include "sign/approval_page.h"
#include "workflow/definition.h"
#include "workflow/report_store.h"

namespace jaga::workflow {

struct FinalizeFacts {
  std::string number;
  int version = 0;
  std::string draft_json;      // the version's canonical JSON (officials, verdict)
  std::vector<StepRow> steps;  // every step of the report so far, oldest first
  std::string note;            // the administrator's note now; may be empty when not required
  TimePoint at;                // when finalize signs
  Timing finalize_timing;      // the finalize step's own timing
  UtcOffset zone;
  std::string verify_url;  // the desk's public URL; empty: no QR code
};

// Why a note is required at finalize ("the verdict is TIDAK DAPAT DINILAI", "version 2
// answers the return of version 1"), or empty when it is optional.
std::string note_requirement(const std::string& draft_json, int version,
                             const std::vector<StepRow>& steps);

// The verification link of a report version: "{url}/verifikasi?nomor=LAP%2FH%2F20261205&versi=2".
std::string verification_link(const std::string& url, const std::string& number, int version);

// The signature field of `step` on `version`: "finalize-v2". Finalize creates every field.
std::string field_name(const std::string& step, int version);

// The approval page's content for `facts` under `definition`.
sign::ApprovalPage approval_page(const Definition& definition, const FinalizeFacts& facts);

// Time in the office's words: "7 Desember 2026 pukul 09.15 WIB".
std::string office_time(TimePoint time, UtcOffset zone);

}  // namespace jaga::workflow
