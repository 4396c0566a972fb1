// What the desk's request handlers share: the configuration, the clock, one connection to the
// evidence store (with the report register and the accounts on it) and the workflow's
// definition, agenda format and trust, all behind one mutex (see desk_server.h).
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "agenda/agenda_number.h"
#include "config/config.h"
#include "core/clock.h"
#include "desk/account_store.h"
#include "desk/login_throttle.h"
#include "sign/trust_store.h"
#include "store/evidence_store.h"
#include "workflow/chain_steps.h"
#include "workflow/definition.h"
#include "workflow/report_store.h"

namespace jaga::desk {

struct DeskState {
  config::Config config;
  const Clock& clock;
  store::EvidenceStore& evidence;  // the caller's (see DeskServer::start)
  std::unique_ptr<workflow::ReportStore> reports;
  std::unique_ptr<AccountStore> accounts;
  workflow::Definition definition;
  agenda::NumberFormat agenda_format;
  std::unique_ptr<sign::TrustStore> trust;
  ThrottleRule throttle;
  std::mutex mutex;  // held for every use of evidence, reports and accounts

  // The one place the desk builds the chain's context, as `jaga report finalize` does: the
  // office zone, the agent's host name for /Location, and the agent's key (when it has one)
  // vouching for each agenda entry recorded at `now`.
  workflow::ChainContext chain_context(TimePoint now) const;
};

// Opens what DeskState holds for `config`, on `evidence`.
Result<std::unique_ptr<DeskState>> open_desk_state(const config::Config& config,
                                                   store::EvidenceStore& evidence,
                                                   const Clock& clock);

}  // namespace jaga::desk
