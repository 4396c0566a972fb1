// Issue 14, item 4: `jaga verify` knows the register. judge_register over hand-made register
// rows: "d1".."d3" stand for the SHA-256s of the PDF after each signature of version 1.
#include "workflow/recorded_document.h"

#include <catch2/catch.hpp>

namespace jaga::workflow {
namespace {

using Catch::Contains;

StepRow step(int64_t id, int version, const std::string& name, const std::string& action,
             const std::string& role, const std::string& signer, const std::string& sha) {
  StepRow r;
  r.id = id;
  r.version = version;
  r.step = name;
  r.action = action;
  r.role = role;
  r.signer = signer;
  r.cert_fingerprint = signer == "jaga" || action == "record" ? "" : "fp-" + signer;
  r.pdf_sha256 = sha;
  return r;
}

// Report R1, version 1 drafted, signed three times and recorded as agenda entry 0001/PIAK/2026.
RegisterRecord recorded() {
  RegisterRecord r;
  r.report = ReportRow{"R1", "daily", "2026-11-25", "2026-11-25", "recorded", 1, ""};
  r.version = 1;
  r.steps = {step(1, 1, "draft", "draft", "scheduler", "jaga", "d0"),
             step(2, 1, "finalize", "finalize", "apk", "Andi Pratama", "d1"),
             step(3, 1, "receive_sub_koord", "receive", "sub_koord", "Siti Aminah", "d2"),
             step(4, 1, "receive_kabid", "receive", "kabid", "Budi Santoso", "d3"),
             step(5, 1, "record", "record", "kabid", "Budi Santoso", "d3")};
  agenda::AgendaEntry e;
  e.agenda_number = "0001/PIAK/2026";
  e.report = "R1";
  e.document_sha256 = "d3";
  r.entry = e;
  return r;
}

TEST_CASE("the recorded final document is recorded, with its agenda number",
          "[unit][workflow][register]") {
  const RegisterVerdict v = judge_register(recorded(), {"d3", {"d1", "d2", "d3"}}, "e.db");
  CHECK(v.ok());
  CHECK(v.agenda_number == "0001/PIAK/2026");
  CHECK(v.sentence ==
        "laporan R1 versi 1: berkas ini adalah dokumen akhir yang tercatat di buku agenda dengan "
        "nomor 0001/PIAK/2026 / report R1 version 1: this file is the recorded final document, "
        "agenda number 0001/PIAK/2026");
}

TEST_CASE("a PDF cut off at the previous %%EOF names the signature that is missing",
          "[unit][workflow][register]") {
  const RegisterVerdict v = judge_register(recorded(), {"d2", {"d1", "d2"}}, "e.db");
  CHECK(v.status == RegisterStatus::kNotFinal);
  CHECK(v.report == "R1");
  CHECK_THAT(v.sentence, Contains("report R1 version 1: this file is not the recorded final "
                                  "document; it has 2 of the 3 signatures, the last "
                                  "signature(s) are missing: 'receive_kabid' (kabid, Budi "
                                  "Santoso)") &&
                             Contains("memuat 2 dari 3 tanda tangan"));
}

TEST_CASE("a PDF with only the first signature names both missing receipts",
          "[unit][workflow][register]") {
  const RegisterVerdict v = judge_register(recorded(), {"d1", {"d1"}}, "e.db");
  CHECK(v.status == RegisterStatus::kNotFinal);
  CHECK_THAT(v.sentence, Contains("1 of the 3 signatures, the last signature(s) are missing: "
                                  "'receive_sub_koord' (sub_koord, Siti Aminah), "
                                  "'receive_kabid' (kabid, Budi Santoso)"));
}

TEST_CASE("bytes added after the last recorded signature are not the recorded document",
          "[unit][workflow][register]") {
  const RegisterVerdict v = judge_register(recorded(), {"d4", {"d1", "d2", "d3", "d4"}}, "e.db");
  CHECK(v.status == RegisterStatus::kNotFinal);
  CHECK_THAT(v.sentence, Contains("it holds the document as it was after step 'receive_kabid' (3 "
                                  "of the 3 signatures) followed by bytes the register does not "
                                  "hold"));
}

TEST_CASE("an earlier version superseded after a return is not the recorded document",
          "[unit][workflow][register]") {
  RegisterRecord r = recorded();
  r.report.current_version = 2;
  for (StepRow& s : r.steps) s.version = 2;
  r.version = 1;
  const RegisterVerdict v = judge_register(r, {"v1-d1", {"v1-d1"}}, "e.db");
  CHECK(v.status == RegisterStatus::kNotFinal);
  CHECK_THAT(v.sentence, Contains("report R1: this file is version 1, an earlier version "
                                  "superseded by version 2, which is recorded as agenda number "
                                  "0001/PIAK/2026"));
}

TEST_CASE("a report not recorded yet says where it stands", "[unit][workflow][register]") {
  RegisterRecord r = recorded();
  r.steps.resize(3);
  r.report.state = "received by sub_koord";
  r.entry.reset();
  const RegisterVerdict v = judge_register(r, {"d2", {"d1", "d2"}}, "e.db");
  CHECK(v.status == RegisterStatus::kNotRecorded);
  CHECK_THAT(v.sentence,
             Contains("report R1 version 1 is not recorded in the agenda book yet; it is at: "
                      "received by sub_koord; last step: 'receive_sub_koord' (sub_koord, Siti "
                      "Aminah)"));
}

TEST_CASE("the final document without its agenda entry, or with another one, is not accepted",
          "[unit][workflow][register]") {
  RegisterRecord r = recorded();
  r.entry.reset();
  CHECK(judge_register(r, {"d3", {"d3"}}, "e.db").status == RegisterStatus::kNotRecorded);
  r = recorded();
  r.entry->document_sha256 = "other";
  const RegisterVerdict v = judge_register(r, {"d3", {"d3"}}, "e.db");
  CHECK(v.status == RegisterStatus::kNotFinal);
  CHECK_THAT(v.sentence, Contains("agenda entry 0001/PIAK/2026 records another document"));
}

TEST_CASE("a document the register has no report of is unknown", "[unit][workflow][register]") {
  const RegisterVerdict v = judge_register(std::nullopt, {"x", {"x"}}, "/var/lib/jaga/e.db");
  CHECK(v.status == RegisterStatus::kUnknown);
  CHECK(!v.report);
  CHECK_THAT(v.sentence, Contains("this document is unknown to the report register "
                                  "/var/lib/jaga/e.db"));
}

TEST_CASE("without a register nothing is claimed", "[unit][workflow][register]") {
  const RegisterVerdict v = register_not_consulted("no configuration");
  CHECK(!v.ok());
  CHECK(v.status == RegisterStatus::kNotConsulted);
  CHECK(v.sentence ==
        "daftar laporan tidak diperiksa (no configuration); tidak diketahui apakah berkas ini "
        "dokumen akhir yang tercatat / the report register was not consulted (no "
        "configuration); whether this file is the recorded final document is not known");
}

}  // namespace
}  // namespace jaga::workflow
