// Shared by the sign tests: a real PKI in a temporary directory (office CA and one signer per
// SOP role, all with real OpenSSL keys), PDFs drawn by cairo as the reports are, and a way to
// run the independent verifiers (pdfsig, openssl cms).
#pragma once

#include <cairo-pdf.h>
#include <cairo.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "core/clock.h"
#include "sign/pki.h"
#include "sign/signing_identity.h"
#include "sign/trust_store.h"
#include "tests/unit/run_tool.h"
#include "tests/unit/temp_dir.h"

namespace jaga::sign::testing {

using jaga::testing::run_tool;
using jaga::testing::ToolResult;

class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint now) : now_(now) {}
  TimePoint now() const override { return now_; }
  void set(TimePoint t) { now_ = t; }

 private:
  TimePoint now_;
};

inline cairo_status_t append_to_string(void* closure, const unsigned char* data,
                                       unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// An A4 PDF of `pages` pages as cairo writes it, each with a table-like drawing (vector shapes
// only: text would load fontconfig, whose process-wide caches LeakSanitizer reports).
inline std::string make_pdf(int pages = 2) {
  std::string out;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(append_to_string, &out, 595.28, 841.89);
  cairo_t* cr = cairo_create(surface);
  for (int i = 1; i <= pages; ++i) {
    cairo_set_source_rgb(cr, 0.1, 0.2, 0.5);
    cairo_rectangle(cr, 72, 72, 451, 40);
    cairo_fill(cr);
    for (int row = 0; row < 10 + i; ++row) {
      cairo_rectangle(cr, 72, 130 + row * 24, 451, 20);
    }
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
    cairo_show_page(cr);
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  return out;
}

inline std::optional<std::string> read_test_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Pixels that are not near-white in the rectangle [x0, x1) x [y0, y1) of a PNG.
inline int inked_pixels(const std::string& png, int x0, int y0, int x1, int y1) {
  cairo_surface_t* image = cairo_image_surface_create_from_png(png.c_str());
  REQUIRE(cairo_surface_status(image) == CAIRO_STATUS_SUCCESS);
  const int stride = cairo_image_surface_get_stride(image);
  const unsigned char* data = cairo_image_surface_get_data(image);
  int inked = 0;
  for (int y = y0; y < y1 && y < cairo_image_surface_get_height(image); ++y) {
    for (int x = x0; x < x1 && x < cairo_image_surface_get_width(image); ++x) {
      const unsigned char* p = data + y * stride + x * 4;  // BGRA or BGRx
      if (p[0] < 200 || p[1] < 200 || p[2] < 200) ++inked;
    }
  }
  cairo_surface_destroy(image);
  return inked;
}

inline size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

constexpr const char* kCaPassphrase = "ca passphrase for tests";
constexpr const char* kPassphrase = "signer passphrase";

// A PKI with the office CA (created a year ago); signers are issued at the clock's time.
struct TestPki {
  jaga::testing::TempDir dir;
  FakeClock clock{std::chrono::system_clock::now()};
  Pki pki{dir.path() + "/pki"};

  TestPki() {
    CaRequest ca;
    ca.name = "Dinas Kependudukan Kota Contoh CA";
    ca.organization = "Dinas Kependudukan dan Pencatatan Sipil Kota Contoh";
    // The CA dates from a year ago, so tests can issue certificates in the past.
    const TimePoint now = clock.now();
    clock.set(now - std::chrono::hours(24 * 365));
    REQUIRE(pki.init_ca(ca, kCaPassphrase, clock).ok());
    clock.set(now);
  }

  SignerRecord issue(Role role, const std::string& name, int days = 365) {
    auto r = pki.issue_signer(SignerRequest{role, name, days}, kCaPassphrase, kPassphrase, clock);
    INFO((r.ok() ? "" : r.error().message));
    REQUIRE(r.ok());
    return *r;
  }

  // As above, with every field of the request (NIP, allow_multiple_roles); Error when refused.
  Result<SignerRecord> issue(const SignerRequest& request) {
    return pki.issue_signer(request, kCaPassphrase, kPassphrase, clock);
  }

  SigningIdentity load(const std::string& id) {
    auto identity = load_signing_identity(pki.dir(), id, kPassphrase);
    INFO((identity.ok() ? "" : identity.error().message));
    REQUIRE(identity.ok());
    return std::move(*identity);
  }

  TrustStore trust() const {
    config::PkiConfig config;
    config.dir = pki.dir();
    auto store = TrustStore::load(config);
    REQUIRE(store.ok());
    return std::move(*store);
  }
};

}  // namespace jaga::sign::testing
