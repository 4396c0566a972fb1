// The desk's tables in the evidence store (migration 9): accounts of the officials, each bound
// to one signer of the PKI registry; sessions, kept as the SHA-256 of their token with their
// CSRF token and last use; failed logins for the throttle; and the audit trail of every desk
// action (who, when, from which address). Passwords and passphrases are never written here.
// Not thread-safe: one thread at a time per store connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/evidence_store.h"

namespace jaga::desk {

struct Account {
  std::string user;
  std::string signer;  // the signer id of `jaga pki list`
  std::string role;    // apk, sub_koord or kabid
  std::string password_hash;
  bool disabled = false;
};

struct Session {
  std::string user;
  std::string csrf;  // the session's CSRF token, on every form
};

struct NewSession {
  std::string token;  // goes into the cookie only; the store keeps its hash
  std::string csrf;
};

class AccountStore {
 public:
  explicit AccountStore(store::EvidenceStore& evidence) : evidence_(evidence) {}

  // Refused when `user` exists.
  Result<void> add(const Account& account, TimePoint now);
  // Refused when `user` does not exist. Changing the password or disabling ends every session.
  Result<void> set_password(const std::string& user, const std::string& hash, TimePoint now);
  Result<void> set_disabled(const std::string& user, bool disabled, TimePoint now);
  Result<std::optional<Account>> find(const std::string& user) const;
  Result<std::vector<Account>> list() const;

  Result<NewSession> open_session(const std::string& user, const std::string& address,
                                  TimePoint now);
  // The live session of cookie `token`: none when unknown, ended, or unused for `idle`
  // (an idle one is deleted), or its account is disabled. A live one's last use becomes `now`.
  Result<std::optional<Session>> session(const std::string& token, std::chrono::seconds idle,
                                         TimePoint now);
  Result<void> end_session(const std::string& token);

  Result<void> record_failure(const std::string& subject, TimePoint at);
  // Times (seconds since the epoch) of `subject`'s failures after `since`.
  Result<std::vector<int64_t>> failures(const std::string& subject, TimePoint since) const;

  // One row of the audit trail. `report` and `note` (an official's Catatan) may be empty.
  Result<void> audit(TimePoint at, const std::string& user, const std::string& address,
                     const std::string& action, const std::string& report,
                     const std::string& outcome, const std::string& note = "");

 private:
  Result<void> exec(const std::string& sql, const std::vector<std::string>& text,
                    const std::string& doing);
  store::EvidenceStore& evidence_;
};

int64_t epoch_seconds(TimePoint t);

}  // namespace jaga::desk
