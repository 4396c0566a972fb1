// The report register ("Daftar Laporan", the output of SOP-PIAK-07) printed for the office: a CSV
// for a clerk's spreadsheet and an A4 PDF, in Indonesian and on the office's clock, one line per
// step with its duration against the SOP's standard (officials' steps in working hours, the
// scheduler's draft in clock time from the period's close) and whether it was late.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "workflow/definition.h"
#include "workflow/report_chain.h"
#include "workflow/report_store.h"

namespace jaga::workflow {

// One report of the register with its history, as `jaga report list` loads it.
struct RegisterEntry {
  ReportRow report;
  std::vector<StepRow> steps;
  ChainState state;
  std::optional<Overdue> overdue;  // at the time the register is printed
};

// "dikembalikan ke Administrator", "diterima Kepala Bidang", "dicatat dalam Buku Agenda".
std::string state_in_indonesian(const Definition& definition, const ChainState& state);

// The register as CSV (print::clerk_csv): one row per step and one per overdue step.
std::string register_csv(const Definition& definition, const std::vector<RegisterEntry>& entries);

struct RegisterTitle {
  std::string office;  // who keeps it: the agent's host name or the office's name
  TimePoint printed_at;
};

// The register as PDF bytes (print::render_table_pdf).
Result<std::string> register_pdf(const Definition& definition,
                                 const std::vector<RegisterEntry>& entries,
                                 const RegisterTitle& title);

}  // namespace jaga::workflow
