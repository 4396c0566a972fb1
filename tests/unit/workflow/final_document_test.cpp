// The final document made at finalize (issue 17, "The signed PDF shows its signatures"; issue 16,
// "Finalizing renders the final document" and "The document tells its story"): the draft with an
// approval page, certified with DocMDP P=2, three signature fields filled in turn with visible
// appearances, the verification QR code, and the administrator's note when it is required.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#include "sign/pdf_document.h"
#include "sign/signer.h"
#include "sign/verifier.h"
#include "tests/unit/workflow/chain_fixture.h"

namespace jaga::workflow {
namespace {

using Catch::Contains;
using sign::testing::run_tool;
using std::chrono::minutes;
using testing::Chain;
namespace pdf = sign::pdf;

constexpr const char* kNumber = "LAP-H/2026/11/25";

std::string draft_json(const std::string& overall) {
  return R"({"officials":{"apk":{"name":"Andi Pratama","nip":"19800101 200501 1 001"},)"
         R"("sub_koord":{"name":"Siti Aminah","nip":"19820202 200601 2 002"},)"
         R"("kabid":{"name":"Budi Santoso","nip":"19750303 200001 1 003"}},)"
         R"("verdict":{"overall":")" +
         overall + R"("}})";
}

void draft(Chain& c, const std::string& overall = "AMAN", int version = 1,
           minutes at = minutes(-30)) {
  auto r = c.reports->register_draft(c.definition, c.draft_input(kNumber, draft_json(overall)),
                                     c.t0 + at);
  INFO((r.ok() ? "" : r.error().message));
  REQUIRE(r.ok());
  REQUIRE(r->version == version);
}

struct Field {
  std::string name;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool signed_ = false;
};

double number_of(const pdf::Object& o) {
  if (const int64_t* n = o.integer()) return static_cast<double>(*n);
  if (const auto* r = std::get_if<pdf::Real>(&o.value))
    return std::strtod(r->text.c_str(), nullptr);
  return 0;
}

// The AcroForm's fields as our own parser reads them.
std::vector<Field> fields_of(const std::string& bytes) {
  auto doc = pdf::Document::parse(bytes);
  REQUIRE(doc.ok());
  auto catalog = doc->object(doc->root());
  REQUIRE(catalog.ok());
  auto form = doc->resolve(*catalog->dict()->get("AcroForm"));
  REQUIRE(form.ok());
  auto list = doc->resolve(*form->dict()->get("Fields"));
  REQUIRE(list.ok());
  std::vector<Field> out;
  for (const pdf::Object& item : *list->array()) {
    auto field = doc->resolve(item);
    REQUIRE(field.ok());
    const pdf::Dict& d = *field->dict();
    const pdf::Array& r = *d.get("Rect")->array();
    out.push_back(Field{pdf::text_of(*d.get("T")->string()), number_of(r[0]), number_of(r[1]),
                        number_of(r[2]), number_of(r[3]), d.get("V") != nullptr});
  }
  return out;
}

// Ink inside a field's rectangle on the last page (page 3: the draft's two and the approval
// page), rendered by poppler at 72 dpi so a point is a pixel.
int ink_in(Chain& c, const std::string& pdf_path, const Field& f) {
  const std::string png = c.pki.dir.file("page");
  REQUIRE(run_tool(fmt::format("pdftoppm -r 72 -png -f 3 -l 3 -singlefile {} {}", pdf_path, png))
              .exit_code == 0);
  const double h = 841.89;
  return sign::testing::inked_pixels(png + ".png", static_cast<int>(f.x0) + 3,
                                     static_cast<int>(h - f.y1) + 3, static_cast<int>(f.x1) - 3,
                                     static_cast<int>(h - f.y0) - 3);
}

// The signed approval page as a PNG artefact of ops/test ($JAGA_ARTEFACTS_DIR), for a person to
// look at.
void keep_approval_page(const std::string& pdf_path) {
  const char* dir = std::getenv("JAGA_ARTEFACTS_DIR");
  const std::string out_dir =
      dir != nullptr && *dir != '\0'
          ? dir
          : (std::filesystem::temp_directory_path() / "jaga-artefacts").string();
  std::filesystem::create_directories(out_dir);
  const std::string png = out_dir + "/laporan-final-lembar-pengesahan";
  REQUIRE(run_tool(fmt::format("pdftoppm -r 100 -png -f 3 -l 3 -singlefile {} {}", pdf_path, png))
              .exit_code == 0);
  REQUIRE(std::filesystem::file_size(png + ".png") > 1000);
}

std::string text_of_pdf(Chain& c, const std::string& bytes) {
  const std::string path = c.pki.dir.write("final.pdf", bytes);
  const auto r = run_tool("pdftotext -layout " + path + " -");
  REQUIRE(r.exit_code == 0);
  // Wrapped lines and layout columns become single spaces, so a sentence reads as one.
  std::string flat;
  for (char ch : r.output) {
    const bool space = ch == ' ' || ch == '\n' || ch == '\f';
    if (!space || (!flat.empty() && flat.back() != ' ')) flat += space ? ' ' : ch;
  }
  return flat;
}

TEST_CASE("finalize certifies the final document with DocMDP P=2 in /Perms and /Reference",
          "[workflow][final][signatures]") {
  Chain c;
  draft(c);
  c.step(kNumber, Action::kFinalize, "Andi Pratama", minutes(0));
  const std::string bytes = c.reports->current_pdf(kNumber).value();
  auto doc = pdf::Document::parse(bytes);
  REQUIRE(doc.ok());
  auto catalog = doc->object(doc->root());
  REQUIRE(catalog.ok());
  const pdf::Object* perms = catalog->dict()->get("Perms");
  REQUIRE(perms != nullptr);
  REQUIRE(perms->dict() != nullptr);
  const pdf::Object* docmdp = perms->dict()->get("DocMDP");
  REQUIRE(docmdp != nullptr);
  REQUIRE(docmdp->ref() != nullptr);
  auto sig = doc->object(*docmdp->ref());
  REQUIRE(sig.ok());
  CHECK(sig->type() == "Sig");
  const pdf::Object& reference = sig->dict()->get("Reference")->array()->at(0);
  const pdf::Dict& ref = *reference.dict();
  CHECK(ref.get("TransformMethod")->name()->value == "DocMDP");
  const pdf::Dict& params = *ref.get("TransformParams")->dict();
  CHECK(*params.get("P")->integer() == 2);
  CHECK(params.get("V")->name()->value == "1.2");

  auto verified = sign::verify_pdf(bytes, c.trust, c.t0 + minutes(1));
  REQUIRE(verified.ok());
  REQUIRE(verified->size() == 1);
  CHECK(verified->at(0).valid);
  CHECK(verified->at(0).certification);
  CHECK(verified->at(0).docmdp_permission == 2);
}

TEST_CASE(
    "the final document's three signature fields are filled in turn and pdfsig finds "
    "three valid signatures",
    "[workflow][final][signatures]") {
  Chain c;
  draft(c);
  c.step(kNumber, Action::kFinalize, "Andi Pratama", minutes(0));
  const auto after_finalize = fields_of(c.reports->current_pdf(kNumber).value());
  REQUIRE(after_finalize.size() == 3);
  CHECK(after_finalize[0].signed_);
  CHECK_FALSE(after_finalize[1].signed_);
  CHECK_FALSE(after_finalize[2].signed_);
  c.step(kNumber, Action::kReceive, "Siti Aminah", minutes(2));
  c.step(kNumber, Action::kReceive, "Budi Santoso", minutes(3));

  const std::string bytes = c.reports->current_pdf(kNumber).value();
  const auto fields = fields_of(bytes);
  REQUIRE(fields.size() == 3);  // no field added after the certification
  for (size_t i = 0; i < fields.size(); ++i) {
    INFO(fields[i].name);
    CHECK(fields[i].name == after_finalize[i].name);
    CHECK(fields[i].signed_);
    CHECK(fields[i].x1 - fields[i].x0 > 100);
    CHECK(fields[i].y1 - fields[i].y0 > 40);
  }
  const auto pdfsig = run_tool("pdfsig " + c.pki.dir.write("signed.pdf", bytes));
  INFO(pdfsig.output);
  CHECK(sign::testing::count(pdfsig.output, "Signature Validation: Signature is Valid.") == 3);
  auto verified = sign::verify_pdf(bytes, c.trust, c.t0 + minutes(5));
  REQUIRE(verified.ok());
  REQUIRE(verified->size() == 3);
  for (const auto& v : *verified) {
    INFO(v.field_name << ": " << v.problem);
    CHECK(v.valid);
  }
}

TEST_CASE("each signature's appearance is drawn in its field on the approval page once signed",
          "[workflow][final][signatures]") {
  Chain c;
  c.verify_url = "https://meja.dukcapil.test:8443";
  draft(c);
  c.step(kNumber, Action::kFinalize, "Andi Pratama", minutes(0));
  const std::string finalized =
      c.pki.dir.write("finalized.pdf", c.reports->current_pdf(kNumber).value());
  const auto fields = fields_of(c.reports->current_pdf(kNumber).value());
  REQUIRE(fields.size() == 3);
  CHECK(ink_in(c, finalized, fields[0]) > 200);
  CHECK(ink_in(c, finalized, fields[1]) == 0);  // empty until the Sub Koord signs
  CHECK(ink_in(c, finalized, fields[2]) == 0);
  c.step(kNumber, Action::kReceive, "Siti Aminah", minutes(2));
  c.step(kNumber, Action::kReceive, "Budi Santoso", minutes(3));
  const std::string done = c.pki.dir.write("done.pdf", c.reports->current_pdf(kNumber).value());
  for (const Field& f : fields) {
    INFO(f.name);
    CHECK(ink_in(c, done, f) > 200);
  }
  keep_approval_page(done);
}

TEST_CASE("the QR code on the final document decodes to the verification link of its version",
          "[workflow][final][qr]") {
  Chain c;
  c.verify_url = "https://meja.dukcapil.test:8443/";
  draft(c);
  c.step(kNumber, Action::kFinalize, "Andi Pratama", minutes(0));
  const std::string path = c.pki.dir.write("qr.pdf", c.reports->current_pdf(kNumber).value());
  REQUIRE(run_tool(fmt::format("pdftoppm -r 200 -png -f 3 -l 3 -singlefile {} {}", path,
                               c.pki.dir.file("qr")))
              .exit_code == 0);
  const auto zbar = run_tool("zbarimg --quiet " + c.pki.dir.file("qr.png"));
  INFO(zbar.output);
  CHECK(zbar.exit_code == 0);
  // zbarimg may also complain on stderr that there is no D-Bus; the symbol is one line.
  CHECK(sign::testing::count(zbar.output, "QR-Code:") == 1);
  CHECK_THAT(zbar.output, Contains("QR-Code:https://meja.dukcapil.test:8443/verifikasi?nomor="
                                   "LAP-H%2F2026%2F11%2F25&versi=1\n"));
}

TEST_CASE("without a desk the final document has no QR code and says how to verify it",
          "[workflow][final][qr]") {
  Chain c;
  draft(c);
  c.step(kNumber, Action::kFinalize, "Andi Pratama", minutes(0));
  const std::string bytes = c.reports->current_pdf(kNumber).value();
  CHECK_THAT(text_of_pdf(c, bytes), Contains("jaga verify") && !Contains("verifikasi?nomor"));
  const std::string path = c.pki.dir.write("noqr.pdf", bytes);
  REQUIRE(run_tool(fmt::format("pdftoppm -r 200 -png -f 3 -l 3 -singlefile {} {}", path,
                               c.pki.dir.file("noqr")))
              .exit_code == 0);
  CHECK(run_tool("zbarimg --quiet " + c.pki.dir.file("noqr.png")).exit_code == 4);  // no symbol
}

TEST_CASE(
    "finalize of a TIDAK DAPAT DINILAI report without the administrator's note is refused "
    "and records nothing",
    "[workflow][final][note]") {
  Chain c;
  draft(c, "TIDAK_DAPAT_DINILAI");
  CHECK_THAT(c.refused(kNumber, Action::kFinalize, c.signer("Andi Pratama"), minutes(1), "  "),
             Contains("Catatan Administrator wajib diisi") && Contains("TIDAK DAPAT DINILAI") &&
                 Contains("nothing recorded"));
  CHECK(c.reports->find(kNumber).value()->state == "drafted");
  c.step(kNumber, Action::kFinalize, "Andi Pratama", minutes(2),
         "Pemeriksaan konsistensi belum berjalan; server cadangan baru dipasang.");
  CHECK_THAT(
      text_of_pdf(c, c.reports->current_pdf(kNumber).value()),
      Contains("Catatan Administrator") && Contains("Pemeriksaan konsistensi belum berjalan"));
}

TEST_CASE(
    "the final document tells its version, the note, each return with the answer and the "
    "steps' timing",
    "[workflow][final][note]") {
  Chain c;
  draft(c);
  c.step(kNumber, Action::kFinalize, "Andi Pratama", minutes(0));
  REQUIRE(return_report(c.context(), kNumber, "Grafik jeda replikasi tidak ada.",
                        c.signer("Siti Aminah"), c.t0 + minutes(4))
              .ok());
  draft(c, "AMAN", 2, minutes(10));
  CHECK_THAT(c.refused(kNumber, Action::kFinalize, c.signer("Andi Pratama"), minutes(11)),
             Contains("menjawab pengembalian versi 1"));
  c.step(kNumber, Action::kFinalize, "Andi Pratama", minutes(12),
         "Grafik jeda replikasi sudah ditambahkan.");
  const std::string text = text_of_pdf(c, c.reports->current_pdf(kNumber).value());
  INFO(text);
  CHECK_THAT(text, Contains("LEMBAR PENGESAHAN") && Contains("Versi: 2"));
  CHECK_THAT(text, Contains("Versi 1 dikembalikan oleh Sub Koordinator (Siti Aminah)") &&
                       Contains("Grafik jeda replikasi tidak ada."));
  CHECK_THAT(text, Contains("Jawaban Administrator (versi 2): Grafik jeda replikasi sudah") &&
                       Contains("ditambahkan."));
  CHECK_THAT(text, Contains("Ketepatan waktu") && Contains("TERLAMBAT") &&
                       Contains("tepat waktu") && Contains("Andi Pratama"));
}

TEST_CASE("a signature in a field added after the certification is refused by our verifier",
          "[workflow][final][signatures]") {
  Chain c;
  draft(c);
  c.step(kNumber, Action::kFinalize, "Andi Pratama", minutes(0));
  sign::PdfSignatureRequest request;
  request.signing_time = c.t0 + minutes(1);
  request.field_name = "tambahan";
  auto added =
      sign::sign_pdf(c.reports->current_pdf(kNumber).value(), c.signer("Siti Aminah"), request);
  REQUIRE(added.ok());
  auto verified = sign::verify_pdf(*added, c.trust, c.t0 + minutes(2));
  REQUIRE(verified.ok());
  REQUIRE(verified->size() == 2);
  CHECK_FALSE(verified->at(0).valid);
  CHECK_THAT(verified->at(0).problem, Contains("was added after certification"));
  CHECK_FALSE(verified->at(1).valid);
  CHECK_THAT(verified->at(1).problem, Contains("added after the document was certified"));
}

}  // namespace
}  // namespace jaga::workflow
