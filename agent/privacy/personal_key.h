// The key file that seals personal data in the evidence store (privacy/sealed.h): one line of 64
// hex digits (a 256-bit AES key), mode 0600, readable by the service user alone, so members of
// the store's group (e.g. a monitoring user) can read the store but cannot reveal full keys.
// Created on first need, by default as personal.key next to the evidence store
// (agent.personal_key). Losing it loses only the ability to reveal full keys of past runs and to
// continue saved progress: nothing else in the store is sealed. Its bytes are never logged.
#pragma once

#include <string>

#include "core/result.h"
#include "privacy/sealed.h"

namespace jaga::privacy {

// The key file of the evidence store at `evidence_db` when agent.personal_key is not set:
// personal.key in the store's directory.
std::string default_key_path(const std::string& evidence_db);

// Reads the key at `path`. Errors name the file and say why: missing, not readable (e.g.
// "Permission denied": only its owner may read it), not a regular file, or malformed. A key file
// readable by others is narrowed to 0600 when this process owns it (logged as a warning).
Result<SealKey> read_personal_key(const std::string& path);

// Reads the key at `path`, first creating it (a new random key, mode 0600, written in full and
// synced before it appears under its name) when no file is there. Two processes creating it at
// once end up with the same key.
Result<SealKey> read_or_create_personal_key(const std::string& path);

}  // namespace jaga::privacy
