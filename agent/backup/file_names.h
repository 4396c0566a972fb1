// How a database name becomes a file name inside a jaga backup, and which relative paths a
// manifest may name. Schema and table names are data, never paths: MariaDB allows "../x", "a/b",
// ".", control characters and up to 64 characters of up to three bytes each in a name, and none
// of them may leave the backup or collide with another name.
//
// The encoding is percent-encoding of every byte outside [A-Za-z0-9_-] as %XX (upper-case hex),
// so "biodata_wni" stays "biodata_wni", "a/b" becomes "a%2Fb", "../x" "%2E%2E%2Fx" and "%2F"
// itself "%252F": injective, never empty, never "." or "..", never a '/' or a NUL. A name whose
// encoding is longer than kMaxEncodedName bytes (file systems allow 255 per name, and a part's
// file adds ".0001.tsv.zst") keeps its first encoded bytes and ends in "~" plus 16 hex digits of
// the SHA-256 of the whole name; '~' is never produced otherwise, so such a name cannot collide
// with a short one. The manifest keeps the real name beside every file name; restoring reads the
// real name from there and never decodes a file name.
#pragma once

#include <string>
#include <string_view>

namespace jaga::backup {

inline constexpr size_t kMaxEncodedName = 200;

// The file-name form of a schema or table name (see above). Pure.
std::string encode_file_name(std::string_view name);

// Whether `path` may name a file inside a backup: relative, components separated by single '/',
// none empty, "." or "..", no NUL or backslash, at most 4096 bytes. The manifest parser refuses
// every other path, so nothing read from a manifest can point outside the backup.
bool is_safe_relative_path(std::string_view path);

}  // namespace jaga::backup
