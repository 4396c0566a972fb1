#include "cli/chain_environment.h"

#include <cstdio>

namespace jaga::cli {

Result<ChainEnvironment> open_chain_environment(const config::Config& config) {
  auto definition = workflow::load_definition(config.workflow.definition);
  if (!definition) return definition.error();
  auto format = agenda::NumberFormat::parse(config.workflow.agenda_number_format);
  if (!format) return format.error();
  auto evidence = store::EvidenceStore::open(config.agent.evidence_db, config.agent.personal_key);
  if (!evidence) return evidence.error();
  ChainEnvironment env{std::move(*evidence), nullptr, std::move(*definition), std::move(*format)};
  env.reports = std::make_unique<workflow::ReportStore>(*env.evidence);
  return env;
}

int fail(const std::string& message) {
  std::fprintf(stderr, "jaga: %s\n", message.c_str());
  return 1;
}

std::string file_stem(const std::string& number) {
  std::string out = number;
  for (char& c : out) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.';
    if (!keep) c = c == '/' ? '-' : '_';
  }
  return out;
}

}  // namespace jaga::cli
