// What the report chain and agenda commands open from the configuration: the evidence store,
// the report register on it, the workflow definition and the agenda number format.
#pragma once

#include <memory>
#include <string>

#include "agenda/agenda_number.h"
#include "config/config.h"
#include "core/result.h"
#include "store/evidence_store.h"
#include "workflow/definition.h"
#include "workflow/report_store.h"

namespace jaga::cli {

struct ChainEnvironment {
  std::unique_ptr<store::EvidenceStore> evidence;
  std::unique_ptr<workflow::ReportStore> reports;
  workflow::Definition definition;
  agenda::NumberFormat agenda_format;
};

Result<ChainEnvironment> open_chain_environment(const config::Config& config);

// Prints "jaga: MESSAGE" on stderr and returns 1.
int fail(const std::string& message);

// A report number as a file name, as `report draft` names its files: '/' becomes '-' and every
// other character but letters, digits, '-', '_' and '.' becomes '_' ("LAP/H/20261126" ->
// "LAP-H-20261126"), so the signed export carries the draft's name.
std::string file_stem(const std::string& number);

}  // namespace jaga::cli
