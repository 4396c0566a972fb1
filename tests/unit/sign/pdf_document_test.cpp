// Broken PDFs: every one gives an error naming the problem, never a crash (this runs under
// ASan+UBSan), both when signing and when verifying.
#include "sign/pdf_document.h"

#include <catch2/catch.hpp>

#include "sign/pdf_parser.h"
#include "sign/signer.h"
#include "sign/verifier.h"
#include "tests/unit/sign/sign_fixture.h"

namespace jaga::sign::testing {
namespace {

std::string replace_last(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.rfind(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// The error signing `pdf` gives; verifying must give the same one.
std::string error_of(TestPki& t, const SigningIdentity& id, const std::string& pdf) {
  PdfSignatureRequest request;
  request.signing_time = t.clock.now();
  auto signed_pdf = sign_pdf(pdf, id, request);
  REQUIRE_FALSE(signed_pdf.ok());
  auto verified = verify_pdf(pdf, t.trust(), t.clock.now());
  REQUIRE_FALSE(verified.ok());
  CHECK(verified.error().message == signed_pdf.error().message);
  return signed_pdf.error().message;
}

}  // namespace

TEST_CASE("malformed PDFs are refused with the reason", "[sign][pdf]") {
  TestPki t;
  const SigningIdentity apk = t.load(t.issue(Role::kApk, "Agus Prasetyo").id);
  const std::string good = make_pdf();
  const size_t xref_at = good.rfind("\nxref") + 1;

  SECTION("truncated") {
    CHECK(error_of(t, apk, good.substr(0, good.size() / 2)) ==
          "malformed PDF: no 'startxref' near the end of the file (truncated?)");
  }
  SECTION("cut before %%EOF") {
    CHECK(error_of(t, apk, good.substr(0, good.rfind("%%EOF"))) ==
          "malformed PDF: no '%%EOF' after the last 'startxref' (truncated?)");
  }
  SECTION("no cross-reference table where startxref points") {
    std::string broken = good;
    broken.replace(xref_at, 4, "xxxx");
    CHECK(error_of(t, apk, broken) == "malformed PDF: expected 'xref' at byte " +
                                          std::to_string(xref_at) +
                                          " (where startxref or /Prev points)");
  }
  SECTION("startxref past the end") {
    CHECK(error_of(
              t, apk,
              replace_last(good, "startxref\n" + std::to_string(xref_at), "startxref\n99999999")) ==
          "malformed PDF: the cross-reference table offset 99999999 lies beyond the end of the "
          "file (" +
              std::to_string(good.size() - std::to_string(xref_at).size() + 8) + " bytes)");
  }
  SECTION("trailer without /Root") {
    CHECK(error_of(t, apk, replace_last(good, "/Root", "/Rooo")) ==
          "malformed PDF: the trailer has no /Root reference to the catalog");
  }
  SECTION("trailer that is not a dictionary") {
    CHECK_THAT(error_of(t, apk, replace_last(good, "trailer\n<<", "trailer\n[[")),
               Catch::StartsWith("malformed PDF at byte "));
  }
  SECTION("a cross-reference entry that is not 'OFFSET GEN n'") {
    std::string broken = good;
    const size_t entry = good.find(" 00000 n", xref_at);
    broken.replace(entry + 7, 1, "q");
    CHECK_THAT(error_of(t, apk, broken),
               Catch::StartsWith("malformed PDF: cross-reference entry ") &&
                   Catch::EndsWith("is not 'OFFSET GENERATION n|f'"));
  }
  SECTION("garbage") {
    std::string garbage(4096, '\0');
    for (size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>((i * 7919) % 251);
    CHECK(error_of(t, apk, garbage) == "not a PDF file: no '%PDF-' header in its first 1024 bytes");
    CHECK(error_of(t, apk, "") == "not a PDF file: no '%PDF-' header in its first 1024 bytes");
  }
  SECTION("a cross-reference stream (PDF 1.5 compressed)") {
    const std::string in = t.dir.write("in.pdf", good);
    const std::string out = t.dir.file("objstm.pdf");
    REQUIRE(run_tool("qpdf --object-streams=generate " + in + " " + out).exit_code == 0);
    std::string compressed = *read_test_file(out);
    CHECK_THAT(error_of(t, apk, compressed),
               Catch::StartsWith("the PDF uses a cross-reference stream (byte "));
  }
}

TEST_CASE("the object parser bounds nesting and names unclosed structures", "[sign][pdf]") {
  auto parse = [](const std::string& text) { return pdf::Parser(text, 0).object(); };
  auto deep = parse(std::string(500, '[') + std::string(500, ']'));
  REQUIRE_FALSE(deep.ok());
  CHECK(deep.error().message == "malformed PDF at byte 65: objects nested too deeply");
  auto open_dict = parse("<< /Type /Page ");
  REQUIRE_FALSE(open_dict.ok());
  CHECK(open_dict.error().message == "malformed PDF at byte 15: a dictionary '<<' is never closed");
  auto open_string = parse("(abc");
  REQUIRE_FALSE(open_string.ok());
  CHECK(open_string.error().message == "malformed PDF at byte 4: a string '(' is never closed");
  auto bad_hex = parse("<12G4>");
  REQUIRE_FALSE(bad_hex.ok());
  CHECK(bad_hex.error().message == "malformed PDF at byte 0: a hex string holds 'G'");

  auto ok = parse("<< /A [1 2.5 (x\\)y) <414> /N#20m 3 0 R true null] >>");
  REQUIRE(ok.ok());
  CHECK(pdf::serialize(*ok) == "<< /A [1 2.5 <782979> <4140> /N#20m 3 0 R true null] >>");
}

}  // namespace jaga::sign::testing
