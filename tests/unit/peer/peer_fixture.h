// Two agents' worth of configuration for in-process peer tests: a CA, an agent certificate for
// "backup" and one for "primary", each pinning the other by fingerprint, and evidence stores.
#pragma once

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <string>

#include "config/config.h"
#include "store/evidence_store.h"
#include "tests/unit/peer/test_pki.h"
#include "tests/unit/temp_dir.h"

namespace jaga::testing {

struct PeerFixture {
  TempDir dir;
  TestPki pki{dir.path()};

  PeerFixture() {
    pki.issue("backup", "jaga-backup");
    pki.issue("primary", "jaga-primary");
  }

  // The backup agent's [peer]: serves on a free loopback port, lets "primary" in.
  config::PeerConfig agent_peer() const {
    config::PeerConfig c;
    c.enabled = true;
    c.role = config::PeerRole::kAgent;
    c.listen_host = "127.0.0.1";
    c.cert = pki.path("backup.crt");
    c.key = pki.path("backup.key");
    c.ca = pki.path("ca.crt");
    c.peers = {{"primary", "", pki.fingerprint("primary"), "", "", false}};
    return c;
  }

  // The coordinator's [peer] with the client certificate NAME, pulling "backup" at `port`.
  config::PeerConfig coordinator_peer(int port, const std::string& name = "primary") const {
    config::PeerConfig c;
    c.enabled = true;
    c.role = config::PeerRole::kCoordinator;
    c.cert = pki.path(name + ".crt");
    c.key = pki.path(name + ".key");
    c.ca = pki.path("ca.crt");
    c.connect_timeout_seconds = 2;
    c.read_timeout_seconds = 2;
    c.peers = {{"backup", "https://127.0.0.1:" + std::to_string(port), pki.fingerprint("backup"),
                "", "", false}};
    return c;
  }

  // The store at `path`, opened for a server or puller under test (which must not outlive it).
  static std::unique_ptr<store::EvidenceStore> open_store(const std::string& path) {
    auto store = store::EvidenceStore::open(path);
    if (!store) FAIL(store.error().message);
    return std::move(*store);
  }

  // The backup agent's store (backup.db) as its PeerServer serves it: opened on first use and
  // kept by the fixture, which outlives the servers of a test.
  store::EvidenceStore& backup_store() const {
    if (!backup_store_) backup_store_ = open_store(dir.file("backup.db"));
    return *backup_store_;
  }

  // Records `n` results of check "server" in the store at `path`, each with personal evidence.
  static void fill_store(const std::string& path, int n, const std::string& host = "backup-1") {
    auto store = store::EvidenceStore::open(path);
    if (!store) FAIL(store.error().message);
    auto run = (*store)->begin_run(host, "check", std::chrono::system_clock::now());
    REQUIRE(run.ok());
    auto tx = (*store)->transaction();
    REQUIRE(tx.began());
    for (int i = 0; i < n; ++i) {
      CheckResult r;
      r.check = "server";
      r.add(i % 7 == 0 ? Status::kWarn : Status::kOk, FindingKind::kUnclassified, {},
            "result " + std::to_string(i));
      r.summarize("fine");
      r.metrics.push_back({"backup_uptime", 1000.0 + i, "s", std::nullopt, std::nullopt});
      r.evidence = {{"masked", "3322********0001"}};
      r.personal = {{"nik", "3322010101010001"}};
      r.started = r.finished = std::chrono::system_clock::now();
      REQUIRE((*store)->record(*run, host, r).ok());
    }
    REQUIRE(tx.commit());
  }

  mutable std::unique_ptr<store::EvidenceStore> backup_store_;
};

}  // namespace jaga::testing
