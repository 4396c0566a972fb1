// The officials' web desk (issue 17), served by `jaga serve` over HTTPS with the [desk]
// certificate on the shared net::Listener: login ("Masuk"), inbox ("Kotak Masuk"), each report
// (its PDF inline, JSON, versions, steps and return notes) with the chain's actions as forms,
// and "Verifikasi Dokumen" without login. Every action is exactly the CLI's chain step
// (workflow::take_step / return_report) with the session's own signer, unlocked on the server by
// the passphrase typed in the page; the key never leaves the server.
//
// Thread safety: start() and the destructor from one thread. The listener's workers share one
// store connection, one request's store work at a time.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "config/config.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/evidence_store.h"

namespace jaga::desk {

// Tells the administrator (jaga serve: an e-mail to notify.mail_to) about repeated failed
// logins or signing passphrases: an Indonesian subject line and text, never a password. Called
// from the desk's workers; must not block.
using SecurityAlert = std::function<void(const std::string& subject, const std::string& text)>;

class DeskServer {
 public:
  // Null when the configuration has no [desk] table. Loads the workflow definition and the
  // office's trust; errors name what failed. Uses `store`, which must outlive the server and
  // which only its threads may use while it lives. `alert`, when set, is called once each time
  // an account or an address starts to be throttled.
  static Result<std::unique_ptr<DeskServer>> start(const config::Config& config,
                                                   store::EvidenceStore& store, const Clock& clock,
                                                   SecurityAlert alert = {});
  ~DeskServer();
  DeskServer(const DeskServer&) = delete;
  DeskServer& operator=(const DeskServer&) = delete;
  int port() const;

 private:
  struct Impl;
  explicit DeskServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace jaga::desk
