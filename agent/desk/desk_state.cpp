#include "desk/desk_state.h"

#include "sign/agent_key.h"

namespace jaga::desk {

workflow::ChainContext DeskState::chain_context(TimePoint now) const {
  workflow::ChainContext context{
      *reports, definition, agenda_format, config.schedule.zone, *trust, config.agent.host_name};
  // The final document's QR code links to this desk's verification page.
  if (config.desk.enabled) context.verify_url = config.desk.public_url;
  if (sign::has_agent_key(config.peer)) {
    const config::PeerConfig& peer = config.peer;
    context.sign_entry = [&peer, now](std::string_view entry_hash) {
      return sign::sign_as_agent(entry_hash, peer, now);
    };
  }
  return context;
}

Result<std::unique_ptr<DeskState>> open_desk_state(const config::Config& config,
                                                   store::EvidenceStore& evidence,
                                                   const Clock& clock) {
  auto definition = workflow::load_definition(config.workflow.definition);
  if (!definition) return definition.error();
  auto format = agenda::NumberFormat::parse(config.workflow.agenda_number_format);
  if (!format) return format.error();
  auto trust = sign::TrustStore::load(config.pki);
  if (!trust) return trust.error();
  auto state = std::unique_ptr<DeskState>(
      new DeskState{config,
                    clock,
                    evidence,
                    nullptr,
                    nullptr,
                    std::move(*definition),
                    std::move(*format),
                    std::make_unique<sign::TrustStore>(std::move(*trust)),
                    ThrottleRule{},
                    {}});
  state->reports = std::make_unique<workflow::ReportStore>(state->evidence);
  state->accounts = std::make_unique<AccountStore>(state->evidence);
  return state;
}

}  // namespace jaga::desk
