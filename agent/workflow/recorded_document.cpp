#include "workflow/recorded_document.h"

#include <fmt/format.h>

#include "core/sha256.h"

namespace jaga::workflow {
namespace {

bool is_signature(const StepRow& r) {
  return (r.action == "finalize" || r.action == "receive") && !r.cert_fingerprint.empty();
}

std::vector<const StepRow*> signatures_of(const RegisterRecord& r, int version) {
  std::vector<const StepRow*> out;
  for (const StepRow& s : r.steps) {
    if (s.version == version && is_signature(s)) out.push_back(&s);
  }
  return out;
}

// The last signing step of `version` whose document (the whole PDF after it) is `digest`.
const StepRow* signature_with(const RegisterRecord& r, int version, const std::string& digest) {
  const StepRow* found = nullptr;
  for (const StepRow* s : signatures_of(r, version)) {
    if (s->pdf_sha256 == digest) found = s;
  }
  return found;
}

// How many of `version`'s signatures the document after step `at` carries.
size_t signatures_up_to(const RegisterRecord& r, int version, const StepRow& at) {
  size_t n = 0;
  for (const StepRow* s : signatures_of(r, version)) n += s->id <= at.id ? 1 : 0;
  return n;
}

const StepRow* record_step(const RegisterRecord& r) {
  const StepRow* found = nullptr;
  for (const StepRow& s : r.steps) {
    if (s.version == r.report.current_version && s.action == "record") found = &s;
  }
  return found;
}

std::string step_text(const StepRow& s) {
  return fmt::format("'{}' ({}, {})", s.step, s.role, s.signer);
}

RegisterVerdict verdict(const RegisterRecord& r, RegisterStatus status, std::string sentence) {
  RegisterVerdict v;
  v.status = status;
  v.report = r.report.number;
  v.version = r.version;
  v.sentence = std::move(sentence);
  return v;
}

// The file is the document the register recorded as final: is the agenda book's entry for it?
RegisterVerdict judge_final(const RegisterRecord& r, const FileDigests& file) {
  const std::string& n = r.report.number;
  if (!r.entry) {
    return verdict(
        r, RegisterStatus::kNotRecorded,
        fmt::format("laporan {} versi {}: daftar laporan mencatat berkas ini sebagai dokumen "
                    "akhir, tetapi buku agenda tidak memuat entri untuk laporan ini / report {} "
                    "version {}: the register holds this file as the final document, but the "
                    "agenda book has no entry for the report (see: jaga agenda verify)",
                    n, r.version, n, r.version));
  }
  if (r.entry->document_sha256 != file.whole) {
    return verdict(
        r, RegisterStatus::kNotFinal,
        fmt::format("laporan {} versi {}: entri buku agenda {} mencatat dokumen lain / report {} "
                    "version {}: agenda entry {} records another document (SHA-256 {}, this "
                    "file {}; see: jaga agenda verify)",
                    n, r.version, r.entry->agenda_number, n, r.version, r.entry->agenda_number,
                    r.entry->document_sha256.substr(0, 16), file.whole.substr(0, 16)));
  }
  RegisterVerdict v = verdict(
      r, RegisterStatus::kRecorded,
      fmt::format("laporan {} versi {}: berkas ini adalah dokumen akhir yang tercatat di buku "
                  "agenda dengan nomor {} / report {} version {}: this file is the recorded final "
                  "document, agenda number {}",
                  n, r.version, r.entry->agenda_number, n, r.version, r.entry->agenda_number));
  v.agenda_number = r.entry->agenda_number;
  return v;
}

// A version that a later one replaced (after a return).
RegisterVerdict judge_earlier(const RegisterRecord& r) {
  const std::string& n = r.report.number;
  const int cur = r.report.current_version;
  const std::string now_id =
      r.entry ? fmt::format("yang tercatat di buku agenda dengan nomor {}", r.entry->agenda_number)
              : fmt::format("yang tahapnya sekarang: {}", r.report.state);
  const std::string now_en =
      r.entry ? fmt::format("which is recorded as agenda number {}", r.entry->agenda_number)
              : fmt::format("which is at: {}", r.report.state);
  return verdict(r, RegisterStatus::kNotFinal,
                 fmt::format("laporan {}: berkas ini adalah versi {}, versi lama yang sudah "
                             "diganti dengan versi {}, {} / report {}: this file is version {}, "
                             "an earlier version superseded by version {}, {}",
                             n, r.version, cur, now_id, n, r.version, cur, now_en));
}

RegisterVerdict judge_unrecorded(const RegisterRecord& r) {
  const std::string& n = r.report.number;
  std::string last_id, last_en;
  if (!r.steps.empty()) {
    const StepRow& s = r.steps.back();
    last_id = fmt::format("; langkah terakhir: {}", step_text(s));
    last_en = fmt::format("; last step: {}", step_text(s));
  }
  return verdict(
      r, RegisterStatus::kNotRecorded,
      fmt::format("laporan {} versi {} belum dicatat di buku agenda; tahapnya "
                  "sekarang: {}{} / report {} version {} is not recorded in the "
                  "agenda book yet; it is at: {}{}",
                  n, r.version, r.report.state, last_id, n, r.version, r.report.state, last_en));
}

// A document of the recorded version that is not the recorded one: an earlier state of it
// (signatures cut off), or something the chain never produced.
RegisterVerdict judge_other(const RegisterRecord& r, const FileDigests& file) {
  const std::string& n = r.report.number;
  const int v = r.version;
  const size_t total = signatures_of(r, v).size();
  const std::string head_id =
      fmt::format("laporan {} versi {}: berkas ini bukan dokumen akhir yang tercatat", n, v);
  const std::string head_en =
      fmt::format("report {} version {}: this file is not the recorded final document", n, v);
  if (const StepRow* at = signature_with(r, v, file.whole)) {
    const size_t have = signatures_up_to(r, v, *at);
    std::string missing;
    for (const StepRow* s : signatures_of(r, v)) {
      if (s->id > at->id) missing += (missing.empty() ? "" : ", ") + step_text(*s);
    }
    return verdict(r, RegisterStatus::kNotFinal,
                   fmt::format("{}; berkas ini memuat {} dari {} tanda tangan, tanda tangan "
                               "terakhir tidak ada: {} / {}; it has {} of the {} signatures, the "
                               "last signature(s) are missing: {}",
                               head_id, have, total, missing, head_en, have, total, missing));
  }
  for (auto it = file.revisions.rbegin(); it != file.revisions.rend(); ++it) {
    const StepRow* at = signature_with(r, v, *it);
    if (at == nullptr) continue;
    const size_t have = signatures_up_to(r, v, *at);
    return verdict(r, RegisterStatus::kNotFinal,
                   fmt::format("{}; berkas ini memuat dokumen setelah langkah '{}' ({} dari {} "
                               "tanda tangan) lalu tambahan yang tidak tercatat / {}; it holds "
                               "the document as it was after step '{}' ({} of the {} "
                               "signatures) followed by bytes the register does not hold",
                               head_id, at->step, have, total, head_en, at->step, have, total));
  }
  return verdict(r, RegisterStatus::kNotFinal,
                 fmt::format("{}; berkas ini diawali versi {} tetapi tidak sama dengan dokumen "
                             "mana pun yang tercatat / {}; it starts with version {} but matches "
                             "no document the register holds",
                             head_id, v, head_en, v));
}

}  // namespace

const char* register_status_name(RegisterStatus status) {
  switch (status) {
    case RegisterStatus::kRecorded:
      return "recorded";
    case RegisterStatus::kNotFinal:
      return "not_final";
    case RegisterStatus::kNotRecorded:
      return "not_recorded";
    case RegisterStatus::kUnknown:
      return "unknown";
    case RegisterStatus::kNotConsulted:
      return "not_consulted";
  }
  return "unknown";
}

RegisterVerdict judge_register(const std::optional<RegisterRecord>& record, const FileDigests& file,
                               const std::string& store_path) {
  if (!record) {
    RegisterVerdict v;
    v.status = RegisterStatus::kUnknown;
    v.sentence = fmt::format(
        "dokumen ini tidak dikenal di daftar laporan {}: berkas ini tidak diawali versi laporan "
        "mana pun / this document is unknown to the report register {}: it starts with no "
        "drafted report version",
        store_path, store_path);
    return v;
  }
  const RegisterRecord& r = *record;
  const StepRow* recorded = record_step(r);
  if (r.version == r.report.current_version && recorded != nullptr &&
      recorded->pdf_sha256 == file.whole) {
    return judge_final(r, file);
  }
  if (r.version < r.report.current_version) return judge_earlier(r);
  if (recorded == nullptr) return judge_unrecorded(r);
  return judge_other(r, file);
}

RegisterVerdict register_not_consulted(const std::string& why) {
  RegisterVerdict v;
  v.status = RegisterStatus::kNotConsulted;
  v.sentence = fmt::format(
      "daftar laporan tidak diperiksa ({}); tidak diketahui apakah berkas ini dokumen akhir yang "
      "tercatat / the report register was not consulted ({}); whether this file is the recorded "
      "final document is not known",
      why, why);
  return v;
}

Result<RegisterVerdict> check_register(const ReportStore& store, const std::string& pdf,
                                       const std::vector<sign::VerifiedSignature>& signatures) {
  FileDigests file{sha256_hex(pdf), {}};
  for (const sign::VerifiedSignature& s : signatures) {
    if (s.revision_end > 0 && s.revision_end <= pdf.size()) {
      file.revisions.push_back(sha256_hex(std::string_view(pdf).substr(0, s.revision_end)));
    }
  }
  const std::string& path = store.evidence().path();
  auto found = store.find_version(pdf);
  if (!found) return found.error();
  if (!*found) return judge_register(std::nullopt, file, path);
  const auto& [number, version] = **found;
  auto report = store.find(number);
  if (!report) return report.error();
  if (!*report) return judge_register(std::nullopt, file, path);
  RegisterRecord record{**report, version, {}, std::nullopt};
  auto steps = store.steps(number, false);
  if (!steps) return steps.error();
  record.steps = std::move(*steps);
  auto entries = agenda::list_entries(store.evidence());
  if (!entries) return entries.error();
  for (agenda::AgendaEntry& e : *entries) {
    if (e.report == number) record.entry = std::move(e);
  }
  return judge_register(record, file, path);
}

}  // namespace jaga::workflow
