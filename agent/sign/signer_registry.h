// The signer registry: `signers.json` in the PKI directory, one entry per signing certificate
// that `jaga pki issue` or `jaga pki import` put there. It binds a person's certificate (by its
// SHA-256 fingerprint) to the SOP role they sign in, so a role is never taken from what a
// signer claims about themselves, and names the person (name and NIP) for the four-eyes rule.
// Written atomically (temporary file + rename).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "sign/person.h"
#include "sign/signer_role.h"

namespace jaga::sign {

struct SignerRecord {
  std::string id;  // file stem in signers/, e.g. "kabid-budi-santoso"
  std::string name;
  std::string nip;  // 18 digits; empty in entries made before jaga recorded NIPs ("nip" absent)
  Role role = Role::kApk;
  std::string serial;       // hex, as CertificateInfo::serial
  std::string fingerprint;  // as CertificateInfo::fingerprint
  std::string issuer;
  TimePoint not_before;
  TimePoint not_after;
  std::string source;     // "issued" (by the office CA) or "imported" (a PKCS#12)
  std::string cert_file;  // relative to the PKI directory ("signers/ID.crt"; "" when imported)
  std::string key_file;   // "signers/ID.key" (encrypted PKCS#8) or "signers/ID.p12"

  Person person() const { return Person{name, nip}; }
};

class SignerRegistry {
 public:
  // Reads DIR/signers.json; a missing file is an empty registry, a broken one an Error naming it.
  static Result<SignerRegistry> load(const std::string& pki_dir);

  const std::vector<SignerRecord>& signers() const { return signers_; }
  // By id, or else by name (case-insensitive); among several with the name, the one whose
  // certificate expires last. Error when none matches, listing what exists.
  Result<SignerRecord> find(std::string_view id_or_name) const;
  const SignerRecord* find_fingerprint(std::string_view fingerprint) const;
  // The entries of `person` (see same_person) whose role is not `role`: the other roles that
  // person holds. Empty when they hold only `role`, or nothing yet.
  std::vector<SignerRecord> other_roles(const Person& person, Role role) const;
  // May `person` be given `role`? Ok when they hold no other role, or `allow_multiple_roles`
  // (the workflow definition's option for an acting official, "Plt."); else an Error in
  // Indonesian and English naming the person, the roles they hold and the option.
  Result<void> check_new_role(const Person& person, Role role, bool allow_multiple_roles) const;
  // An id not used yet, made from the role and the name ("sub_koord-siti-aminah", then "-2"...).
  std::string new_id(Role role, std::string_view name) const;

  // Appends `record` and rewrites the file atomically.
  Result<void> add(SignerRecord record);

 private:
  std::string path_;
  std::vector<SignerRecord> signers_;
};

}  // namespace jaga::sign
