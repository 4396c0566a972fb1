// The judgement shared by PDF and detached signatures once the CMS itself was checked: who
// signed, in which role, when, and whether their certificate was trustworthy then.
#pragma once

#include "core/clock.h"
#include "sign/cades.h"
#include "sign/trust_store.h"
#include "sign/verifier.h"

namespace jaga::sign {

// Fills the signer fields of `out` from `check` and sets valid/problem: the CMS problem if
// any, else a signing time after `now` (beyond a small clock tolerance), else the chain to a
// trust anchor at the signing time (at `now` when the signature states no time).
void judge(const CmsCheck& check, const TrustStore& trust, TimePoint now, VerifiedSignature& out);

}  // namespace jaga::sign
