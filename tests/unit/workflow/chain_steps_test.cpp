// The SOP chain with real signatures: every step signs the PDF (incremental PAdES) and the JSON
// (detached CMS); pdfsig and openssl cms agree; refused steps record nothing; a returned report
// is revised as a new version; the signature chain check names signatures out of order.
#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "agenda/agenda_book.h"
#include "core/sha256.h"
#include "sign/verifier.h"
#include "tests/unit/workflow/chain_fixture.h"
#include "workflow/agenda_audit.h"
#include "workflow/chain_verify.h"
#include "workflow/reminders.h"

namespace jaga::workflow {
namespace {

using Catch::Contains;
using sign::testing::run_tool;
using std::chrono::minutes;
using testing::Chain;

TEST_CASE("a full chain is signed, recorded, and verified by pdfsig and openssl cms",
          "[workflow][chain][signatures]") {
  Chain c;
  c.draft("LAP-H/2026/11/25");
  c.step("LAP-H/2026/11/25", Action::kFinalize, "Andi Pratama", minutes(0));
  c.step("LAP-H/2026/11/25", Action::kReceive, "Siti Aminah", minutes(2));
  const StepOutcome last = c.step("LAP-H/2026/11/25", Action::kReceive, "Budi Santoso", minutes(3));
  CHECK(last.state == "recorded");
  REQUIRE(last.recorded.size() == 2);
  CHECK(last.recorded[1].action == "record");
  REQUIRE(last.agenda.size() == 1);
  const int year = static_cast<int>(std::chrono::year_month_day{
      std::chrono::floor<std::chrono::days>(c.t0 + minutes(3) + std::chrono::hours(7))}
                                        .year());
  CHECK(last.agenda[0].agenda_number == fmt::format("0001/PIAK/{}", year));
  CHECK(last.agenda[0].signers == std::vector<std::string>{"apk: Andi Pratama",
                                                           "sub_koord: Siti Aminah",
                                                           "kabid: Budi Santoso"});

  auto steps = c.reports->steps("LAP-H/2026/11/25", true).value();
  REQUIRE(steps.size() == 5);
  CHECK(steps[0].late == false);  // drafted 10 min after it started: within 60
  CHECK(steps[1].duration_seconds == Approx(1800));
  CHECK(steps[1].late);  // finalized 30 min after the draft: standard 15
  CHECK_FALSE(steps[2].late);
  CHECK(steps[2].signer == "Siti Aminah");
  CHECK_FALSE(steps[2].cert_fingerprint.empty());

  const std::string pdf = c.reports->current_pdf("LAP-H/2026/11/25").value();
  CHECK(sha256_hex(pdf) == last.agenda[0].document_sha256);
  const std::string pdf_path = c.pki.dir.write("report.pdf", pdf);
  const auto pdfsig = run_tool("pdfsig " + pdf_path);
  INFO(pdfsig.output);
  CHECK(sign::testing::count(pdfsig.output, "Signature Validation: Signature is Valid.") == 3);
  CHECK_THAT(pdfsig.output, Contains("Andi Pratama") && Contains("Budi Santoso"));

  const std::string json_path = c.pki.dir.write("report.json", "{\"v\":1}");
  int cms = 0;
  for (const StepRow& s : steps) {
    if (s.json_p7s.empty()) continue;
    const std::string p7s = c.pki.dir.write(s.step + ".p7s", s.json_p7s);
    const auto r =
        run_tool("openssl cms -verify -binary -inform DER -in " + p7s + " -content " + json_path +
                 " -CAfile " + c.pki.pki.ca_cert_path() + " -purpose any -out /dev/null");
    INFO(s.step << ": " << r.output);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Contains("Verification successful"));
    ++cms;
  }
  CHECK(cms == 3);

  auto verified = sign::verify_pdf(pdf, c.trust, c.t0 + minutes(5));
  REQUIRE(verified.ok());
  auto verdict = check_report_chain(c.definition, *c.reports, pdf, *verified);
  REQUIRE(verdict.ok());
  CHECK(verdict->ok());
  CHECK(verdict->report == "LAP-H/2026/11/25");
  CHECK(verdict->lines.size() == 3);
  CHECK(audit_agenda(*c.reports).value().empty());

  // A byte changed after the drafted version: the signatures break and the chain check says
  // the file is not one the chain produced.
  std::string changed = pdf;
  const size_t contents = changed.rfind("/Contents <");
  REQUIRE(contents != std::string::npos);
  char& digit = changed[contents + 11 + 300];  // inside the last signature's CMS
  digit = digit == '0' ? '1' : '0';
  auto broken = sign::verify_pdf(changed, c.trust, c.t0 + minutes(5));
  REQUIRE(broken.ok());
  CHECK_FALSE(broken->back().valid);
  auto changed_verdict = check_report_chain(c.definition, *c.reports, changed, *broken);
  REQUIRE(changed_verdict.ok());
  REQUIRE_FALSE(changed_verdict->ok());
  std::string problems;
  for (const auto& p : changed_verdict->problems) problems += p + "\n";
  CHECK_THAT(problems, Contains("is not a PDF the chain produced"));
}

TEST_CASE(
    "steps out of order, by the wrong role, or with an expired or foreign certificate are "
    "refused and record nothing",
    "[workflow][chain][signatures]") {
  Chain c;
  c.draft("R1");
  CHECK_THAT(c.refused("R1", Action::kReceive, c.signer("Siti Aminah"), minutes(1)),
             Contains("the next step is 'finalize'"));
  CHECK_THAT(c.refused("R1", Action::kFinalize, c.signer("Budi Santoso"), minutes(1)),
             Contains("by role apk") && Contains("the signer holds role kabid"));

  // A certificate that expired yesterday.
  c.pki.clock.set(c.t0 - std::chrono::hours(72));
  c.pki.issue(sign::Role::kApk, "Expired Apk", 2);
  c.pki.clock.set(c.t0);
  CHECK_THAT(c.refused("R1", Action::kFinalize, c.signer("Expired Apk"), minutes(1)),
             Contains("signer 'Expired Apk' refused") && Contains("expired"));

  // A certificate of another office's CA.
  sign::testing::TestPki other;
  other.issue(sign::Role::kApk, "Foreign Apk");
  CHECK_THAT(c.refused("R1", Action::kFinalize, other.load("Foreign Apk"), minutes(1)),
             Contains("signer 'Foreign Apk' refused"));

  CHECK(c.reports->find("R1").value()->state == "drafted");
  CHECK(c.reports->current_pdf("R1").value() ==
        c.draft_input("R1").pdf.substr(0, 0) + c.reports->versions("R1", true)->at(0).pdf);
  c.step("R1", Action::kFinalize, "Andi Pratama", minutes(1));
  CHECK_THAT(c.refused("R1", Action::kFinalize, c.signer("Andi Pratama"), minutes(2)),
             Contains("not a finalize step"));
}

TEST_CASE("a returned report is revised as a new version and both versions are kept",
          "[workflow][chain][signatures]") {
  Chain c;
  c.draft("R2");
  c.step("R2", Action::kFinalize, "Andi Pratama", minutes(0));
  auto wrong = return_report(c.context(), "R2", "x", c.signer("Budi Santoso"), c.t0);
  REQUIRE_FALSE(wrong.ok());
  CHECK_THAT(wrong.error().message, Contains("only role sub_koord"));
  CHECK_FALSE(return_report(c.context(), "R2", "  ", c.signer("Siti Aminah"), c.t0).ok());
  auto ret = return_report(c.context(), "R2", "the lag chart is missing", c.signer("Siti Aminah"),
                           c.t0 + minutes(4));
  REQUIRE(ret.ok());
  CHECK(ret->state == "returned to apk");
  CHECK_THAT(c.refused("R2", Action::kFinalize, c.signer("Andi Pratama"), minutes(5)),
             Contains("the lag chart is missing"));
  auto due = due_steps(*c.reports, c.definition, c.t0 + minutes(4 + 61));
  REQUIRE(due.ok());
  REQUIRE(due->size() == 1);
  CHECK(due->front().number == "R2");
  CHECK(due->front().pending.step == "revise");
  CHECK(due->front().pending.role == "apk");
  CHECK(due->front().pending.version == 1);
  REQUIRE(due->front().overdue_seconds);
  CHECK(*due->front().overdue_seconds == Approx(60).margin(0.01));
  const StepMail mail = step_mail(due->front(), c.definition, "");
  CHECK(mail.subject ==
        "Pengingat: Laporan R2 dikembalikan, menunggu revisi Anda (terlambat 1 menit)");
  CHECK_THAT(mail.text, Contains("Yth. Administrator,") &&
                            Contains("Laporan dapat dibuka oleh Administrator di server jaga."));

  DraftInput revised = c.draft_input("R2", "{\"v\":2}");
  auto reg = c.reports->register_draft(c.definition, revised, c.t0 + minutes(20));
  REQUIRE(reg.ok());
  CHECK(reg->version == 2);
  CHECK(reg->revision);
  c.step("R2", Action::kFinalize, "Andi Pratama", minutes(21), "the lag chart is added");
  c.step("R2", Action::kReceive, "Siti Aminah", minutes(22));
  c.step("R2", Action::kReceive, "Budi Santoso", minutes(23));
  auto versions = c.reports->versions("R2", true).value();
  REQUIRE(versions.size() == 2);
  CHECK(versions[0].reason == "drafted");
  CHECK(versions[1].reason == "revised");
  CHECK(versions[1].json == "{\"v\":2}");
  auto steps = c.reports->steps("R2", true).value();
  CHECK(steps.size() == 8);  // draft, finalize, return, draft, finalize, 2 receipts, record
  CHECK(steps[2].action == "return");
  CHECK(steps[2].note == "the lag chart is missing");
  CHECK_THAT(steps[2].signed_json, Contains("\"returned_to\":\"apk\""));
  CHECK(c.reports->find("R2").value()->state == "recorded");
  CHECK(c.reports->find("R2").value()->current_version == 2);

  // The returned version's PDF keeps only the finalize signature; the new one all three.
  auto verified =
      sign::verify_pdf(c.reports->current_pdf("R2").value(), c.trust, c.t0 + minutes(30));
  REQUIRE(verified.ok());
  CHECK(verified->size() == 3);
}

TEST_CASE("a step signed while someone else took one is refused and records nothing",
          "[workflow][chain]") {
  Chain c;
  c.draft("R5");
  const auto before = c.reports->steps("R5", false).value();
  StepWrite stale;
  stale.number = "R5";
  stale.after_step_id = before.back().id - 1;  // as read before the latest step
  stale.row.version = 1;
  stale.row.step = "finalize";
  stale.row.action = "finalize";
  stale.row.role = "apk";
  stale.row.at = c.t0;
  auto r =
      c.reports->append_steps(c.definition, {stale}, c.format, UtcOffset(std::chrono::hours(7)));
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Contains("report R5 changed while this step was being signed"));
  CHECK(c.reports->steps("R5", false)->size() == before.size());
  CHECK(c.reports->find("R5").value()->state == "drafted");
}

TEST_CASE("a second draft of a report that was not returned is refused", "[workflow][chain]") {
  Chain c;
  c.draft("R3");
  auto again = c.reports->register_draft(c.definition, c.draft_input("R3"), c.t0);
  REQUIRE_FALSE(again.ok());
  CHECK_THAT(again.error().message, Contains("report R3 is drafted; a new version can only be "
                                             "drafted after it was returned"));
  DraftInput bad = c.draft_input("R4");
  bad.period_kind = "yearly";
  CHECK_THAT(c.reports->register_draft(c.definition, bad, c.t0).error().message,
             Contains("period kind \"yearly\""));
  bad = c.draft_input("R4");
  bad.pdf = "not a pdf";
  CHECK_THAT(c.reports->register_draft(c.definition, bad, c.t0).error().message,
             Contains("does not start with %PDF-"));
  CHECK_FALSE(c.reports->find("R4").value().has_value());
}

TEST_CASE("the signature chain check names a signature by the wrong role or out of order",
          "[workflow][chain]") {
  const Definition d = testing::sop_definition();
  auto sig = [](int index, std::optional<sign::Role> role) {
    sign::VerifiedSignature s;
    s.index = index;
    s.signer_name = "N" + std::to_string(index);
    s.role = role;
    s.valid = true;
    return s;
  };
  CHECK(check_signature_order(d, {sig(1, sign::Role::kApk), sig(2, sign::Role::kSubKoord)}).ok());
  auto swapped = check_signature_order(d, {sig(1, sign::Role::kSubKoord)});
  REQUIRE(swapped.problems.size() == 1);
  CHECK_THAT(swapped.problems[0],
             Contains("signature 1 (N1, sub_koord) is in place of step 'finalize', which role apk "
                      "takes"));
  auto unbound = check_signature_order(d, {sig(1, std::nullopt)});
  CHECK_THAT(unbound.problems.at(0), Contains("has no SOP role"));
  auto extra = check_signature_order(d, {sig(1, sign::Role::kApk), sig(2, sign::Role::kSubKoord),
                                         sig(3, sign::Role::kKabid), sig(4, sign::Role::kKabid)});
  CHECK_THAT(extra.problems.at(0), Contains("signature 4") && Contains("one more than the 3"));
}

}  // namespace
}  // namespace jaga::workflow
