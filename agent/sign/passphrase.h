// Where a passphrase comes from. Never argv: a file only its owner can read (mode 0600 or
// 0400), an environment variable, or a no-echo prompt on the controlling terminal — in that
// order of precedence.
#pragma once

#include <string>

#include "core/result.h"

namespace jaga::sign {

struct PassphraseSource {
  std::string file;    // --passphrase-file; refused when group or others may read it
  std::string env;     // e.g. "JAGA_PASSPHRASE"; used when set and not empty
  std::string prompt;  // asked on /dev/tty without echo when neither gives one; "" = no prompt
  // Asked twice and compared (for a new key); only for the prompt.
  bool confirm = false;
};

// The passphrase, or an Error naming the file or variable and saying why none was found.
// Never returns an empty passphrase.
Result<std::string> read_passphrase(const PassphraseSource& source);

}  // namespace jaga::sign
