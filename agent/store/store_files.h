// The evidence store's files on disk - the database and SQLite's -wal and -shm beside it - kept
// readable by the service user and its group only (0640), never by others, whatever the umask.
#pragma once

#include <string>

#include "core/result.h"

namespace jaga::store {

// Before SQLite opens `path`: creates the database file with mode 0640 when it does not exist
// (SQLite gives its -wal and -shm files the database file's mode), and narrows the database, -wal,
// -shm and -journal files to 0640 when they are wider, logging each file it narrowed. A file it
// may not narrow (someone else's) is logged and left; only failing to create the store is an
// Error.
Result<void> prepare_store_files(const std::string& path);

}  // namespace jaga::store
