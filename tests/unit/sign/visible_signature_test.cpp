// A visible signature: pdfsig accepts it, and poppler draws its box where it was asked to be.
#include <cairo.h>

#include <catch2/catch.hpp>

#include "sign/signer.h"
#include "sign/verifier.h"
#include "tests/unit/sign/sign_fixture.h"

namespace jaga::sign::testing {

TEST_CASE("a visible signature is drawn in its box on the last page and stays valid",
          "[sign][pdfsig]") {
  TestPki t;
  const SigningIdentity kabid = t.load(t.issue(Role::kKabid, "Budi Santoso").id);
  PdfSignatureRequest request;
  request.signing_time = t.clock.now();
  request.reason = "Diterima Kabid";
  request.visible = PdfRect{300, 60, 220, 50};
  request.appearance_lines = {"Ditandatangani secara elektronik", "Budi Santoso (Kabid)",
                              "27-11-2026 08:00 WIB"};
  const std::string unsigned_pdf = make_pdf(2);
  auto signed_pdf = sign_pdf(unsigned_pdf, kabid, request);
  INFO((signed_pdf.ok() ? "" : signed_pdf.error().message));
  REQUIRE(signed_pdf.ok());
  const std::string path = t.dir.write("visible.pdf", *signed_pdf);
  const std::string plain = t.dir.write("plain.pdf", unsigned_pdf);

  const ToolResult pdfsig = run_tool("pdfsig " + path);
  INFO(pdfsig.output);
  CHECK(count(pdfsig.output, "Signature is Valid") == 1);
  auto verified = verify_pdf(*signed_pdf, t.trust(), t.clock.now());
  REQUIRE(verified.ok());
  REQUIRE(verified->size() == 1);
  CHECK(verified->front().valid);

  // At 72 dpi a point is a pixel; PNG rows count from the top of the 842-point page.
  REQUIRE(
      run_tool("pdftoppm -r 72 -png -f 2 -l 2 -singlefile " + path + " " + t.dir.file("visible"))
          .exit_code == 0);
  REQUIRE(run_tool("pdftoppm -r 72 -png -f 2 -l 2 -singlefile " + plain + " " + t.dir.file("plain"))
              .exit_code == 0);
  const int box_top = 842 - 110;
  const int signed_ink = inked_pixels(t.dir.file("visible.png"), 300, box_top, 520, box_top + 50);
  const int plain_ink = inked_pixels(t.dir.file("plain.png"), 300, box_top, 520, box_top + 50);
  CHECK(plain_ink == 0);
  CHECK(signed_ink > 300);  // the frame alone is about 540 pixels
}

}  // namespace jaga::sign::testing
