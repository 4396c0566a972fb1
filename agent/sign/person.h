// Who a signer is as a person, apart from the role they sign in: the four-eyes rule of the SOP
// chain (no person signs two steps of one report version) compares people, not certificates,
// because one person may hold several certificates (a renewal, or a second role as an acting
// official, "Plt.").
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace jaga::sign {

struct Person {
  std::string name;  // as registered (or, without a registry entry, the certificate's CN)
  // NIP (Nomor Induk Pegawai), the civil servant's 18-digit number; empty for a signer
  // registered before jaga recorded NIPs.
  std::string nip;
};

// The same person: equal NIPs when both have one (two officials may share a name); otherwise
// the same name, ignoring case and runs of spaces (a signer without NIP is known by name only).
bool same_person(const Person& a, const Person& b);

// "Budi Santoso (NIP 198001012005011001)", or "Budi Santoso" without NIP.
std::string describe(const Person& person);

// Ok when `nip` is 18 digits; else an Error saying what a NIP looks like.
Result<void> check_nip(std::string_view nip);

}  // namespace jaga::sign
