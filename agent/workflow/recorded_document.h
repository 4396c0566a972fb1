// "Is this the recorded final document?", the register part of `jaga verify FILE.pdf` (issue
// 14, item 4): valid signatures alone do not make a PDF the report the office recorded. A copy cut
// off at an earlier %%EOF, or a version that was returned and re-drafted, carries only valid
// signatures too. This looks the PDF up in the report register and the agenda book and says
// whether it is, byte for byte, the final document recorded for its report, and if not, what it
// is instead.
//
// judge_register is pure; check_register reads the store (one read, no writes).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agenda/agenda_book.h"
#include "core/result.h"
#include "sign/verifier.h"
#include "workflow/report_store.h"

namespace jaga::workflow {

enum class RegisterStatus {
  kRecorded,      // the file is the final document recorded for its report (in the agenda book)
  kNotFinal,      // a document of a recorded report, but not the one recorded
  kNotRecorded,   // a document of a report that is not recorded yet
  kUnknown,       // the register holds no report this file is a document of
  kNotConsulted,  // no register to look in: nothing is known either way
};

// "recorded", "not_final", "not_recorded", "unknown", "not_consulted" (the JSON's words).
const char* register_status_name(RegisterStatus status);

struct RegisterVerdict {
  RegisterStatus status = RegisterStatus::kNotConsulted;
  std::optional<std::string> report;  // the report number, when the register knows the file
  int version = 0;                    // the file's version of it
  std::string agenda_number;          // kRecorded: the agenda book entry
  std::string sentence;               // Indonesian, then " / " and English
  bool ok() const { return status == RegisterStatus::kRecorded; }
};

// What the register holds about the report whose drafted version `version` starts the file.
struct RegisterRecord {
  ReportRow report;
  int version = 0;
  std::vector<StepRow> steps;                // every version's, oldest first; no bytes needed
  std::optional<agenda::AgendaEntry> entry;  // the agenda book's entry for the report, if any
};

// The file as the register compares it: SHA-256 (hex) of the whole file and of each signed
// revision (the bytes up to a signature's revision end), in signing order.
struct FileDigests {
  std::string whole;
  std::vector<std::string> revisions;
};

// The verdict on a file whose drafted version the register found (`record`), or no report at
// all (nullopt). `store_path` is for the sentence of an unknown file.
RegisterVerdict judge_register(const std::optional<RegisterRecord>& record, const FileDigests& file,
                               const std::string& store_path);

// kNotConsulted, saying why (`why`: "no configuration", "no evidence store at PATH", ...).
RegisterVerdict register_not_consulted(const std::string& why);

// Finds the report `pdf` is a document of (ReportStore::find_version: it starts with a drafted
// version) and judges it against the register and the agenda book. `signatures` are
// sign::verify_pdf's for `pdf` (their revision ends). Error only when the store cannot be read.
Result<RegisterVerdict> check_register(const ReportStore& store, const std::string& pdf,
                                       const std::vector<sign::VerifiedSignature>& signatures);

}  // namespace jaga::workflow
