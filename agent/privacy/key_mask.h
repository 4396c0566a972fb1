// Masking of row keys. A population row's key (NIK, No. KK) is personal data: whatever leaves the
// host - reports, logs, check summaries, Nagios output - shows keys masked. Full keys stay in the
// evidence store on the host and are shown only to an administrator on request.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jaga::privacy {

// "3322010101900001" -> "3322********0001": each end keeps at most a quarter of the characters
// and never more than four, so at least half is always hidden (16 characters keep 4 + 4, 12 keep
// 3 + 3, 8 keep 2 + 2, 4 keep 1 + 1); values of up to 3 characters are hidden entirely. Every
// hidden character becomes one '*'; an empty value is "*". Characters are UTF-8 characters, so a
// kept end never splits one.
std::string mask_value(std::string_view value);

// A composite key as "(v1, v2)" (a single value as is), each part masked unless `reveal`.
std::string format_key(const std::vector<std::string>& key, bool reveal);

// `text` with every run of 10 or more digits masked by mask_value: a server message such as
// "Duplicate entry '3322010101900001' for key 'PRIMARY'" may quote a NIK or No. KK.
std::string mask_digit_runs(std::string_view text);

}  // namespace jaga::privacy
