// A report chain on real parts: an evidence store in a temporary directory, the shipped
// SOP-PIAK-07 definition, and the sign tests' real PKI (office CA, one signer per role).
#pragma once

#include <catch2/catch.hpp>

#include "agenda/agenda_book.h"
#include "store/evidence_store.h"
#include "tests/unit/sign/sign_fixture.h"
#include "workflow/chain_steps.h"
#include "workflow/definition.h"
#include "workflow/report_store.h"

namespace jaga::workflow::testing {

using sign::Role;

inline Definition sop_definition() {
  auto d = load_definition(std::string(JAGA_SOURCE_DIR) + "/config/sop-piak-07.toml");
  REQUIRE(d.ok());
  // The chain tests run on a clock that starts at the real time of day: around-the-clock working
  // hours keep their timings independent of it (working_hours_test.cpp tests the office's hours).
  d->working_hours.weekdays.fill(true);
  d->working_hours.start = std::chrono::minutes(0);
  d->working_hours.end = std::chrono::hours(24);
  return *d;
}

struct Chain {
  sign::testing::TestPki pki;
  std::string store_path = pki.dir.file("evidence.db");
  std::unique_ptr<store::EvidenceStore> evidence;
  std::unique_ptr<ReportStore> reports;
  Definition definition = sop_definition();
  agenda::NumberFormat format = agenda::NumberFormat::parse("{seq:04}/PIAK/{year}").value();
  sign::TrustStore trust;
  TimePoint t0 = pki.clock.now();
  std::string verify_url;  // the desk's public URL for the QR code; empty: no desk

  Chain() {
    auto s = store::EvidenceStore::open(store_path);
    REQUIRE(s.ok());
    evidence = std::move(*s);
    reports = std::make_unique<ReportStore>(*evidence);
    pki.issue(Role::kApk, "Andi Pratama");
    pki.issue(Role::kSubKoord, "Siti Aminah");
    pki.issue(Role::kKabid, "Budi Santoso");
    trust = pki.trust();
  }
  ChainContext context() {
    ChainContext c{*reports, definition, format, UtcOffset(std::chrono::hours(7)),
                   trust,    "Ungaran"};
    c.verify_url = verify_url;
    return c;
  }
  sign::SigningIdentity signer(const std::string& name) { return pki.load(name); }
  size_t agenda_entries() const {
    auto entries = agenda::list_entries(*evidence);
    REQUIRE(entries.ok());
    return entries->size();
  }

  DraftInput draft_input(const std::string& number, const std::string& json = "{\"v\":1}") {
    return DraftInput{number,
                      "daily",
                      "2026-11-25",
                      "2026-11-25",
                      sign::testing::make_pdf(2),
                      json,
                      t0 - std::chrono::minutes(40)};
  }
  RegisteredReport draft(const std::string& number) {
    auto r =
        reports->register_draft(definition, draft_input(number), t0 - std::chrono::minutes(30));
    INFO((r.ok() ? "" : r.error().message));
    REQUIRE(r.ok());
    return *r;
  }
  StepOutcome step(const std::string& number, Action action, const std::string& who,
                   std::chrono::minutes after, const std::string& note = {}) {
    auto out = take_step(context(), number, action, signer(who), t0 + after, note);
    INFO((out.ok() ? "" : out.error().message));
    REQUIRE(out.ok());
    return *out;
  }
  std::string refused(const std::string& number, Action action,
                      const sign::SigningIdentity& identity, std::chrono::minutes after,
                      const std::string& note = {}) {
    const size_t before = reports->steps(number, false)->size();
    const size_t versions = reports->versions(number, false)->size();
    const size_t entries = agenda_entries();
    auto out = take_step(context(), number, action, identity, t0 + after, note);
    REQUIRE_FALSE(out.ok());
    // Nothing recorded: no step, no version, no agenda entry.
    CHECK(reports->steps(number, false)->size() == before);
    CHECK(reports->versions(number, false)->size() == versions);
    CHECK(agenda_entries() == entries);
    return out.error().message;
  }
};

}  // namespace jaga::workflow::testing
