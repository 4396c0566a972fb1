// Masking of row keys. A population row's key (NIK, No. KK) is personal data: whatever leaves the
// host - reports, logs, check summaries, Nagios output - shows keys masked. Full keys stay in the
// evidence store on the host and are shown only to an administrator on request.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jaga::privacy {

// "3322010101900001" -> "3322********0001": values of 8 or more characters keep their first and
// last four; shorter values keep at most their first and last character and hide at least half;
// values of up to 3 characters are hidden entirely.
std::string mask_value(std::string_view value);

// A composite key as "(v1, v2)" (a single value as is), each part masked unless `reveal`.
std::string format_key(const std::vector<std::string>& key, bool reveal);

}  // namespace jaga::privacy
