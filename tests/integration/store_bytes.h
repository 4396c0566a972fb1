// What someone who can read the evidence store's files sees without any key: the printable runs
// of their bytes, as `strings` shows them, searched for full NIKs. Used by the tests that prove
// no full key is kept in clear at rest.
#pragma once

#include <cctype>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace jaga::test {

// Every run of 16 or more digits starting with "3322" (the sandbox's regency code: a full NIK,
// never a masked one) inside a printable run of at least 4 characters of `bytes`.
inline std::vector<std::string> full_niks_in(const std::string& bytes) {
  std::vector<std::string> found;
  std::string printable;
  auto flush = [&] {
    if (printable.size() >= 4) {
      for (size_t i = 0; i < printable.size();) {
        size_t j = i;
        while (j < printable.size() && std::isdigit(static_cast<unsigned char>(printable[j]))) ++j;
        if (j - i >= 16 && printable.compare(i, 4, "3322") == 0) {
          found.push_back(printable.substr(i, j - i));
        }
        i = j == i ? i + 1 : j;
      }
    }
    printable.clear();
  };
  for (char c : bytes) {
    if (std::isprint(static_cast<unsigned char>(c)) || c == '\t') {
      printable += c;
    } else {
      flush();
    }
  }
  flush();
  return found;
}

// The full NIKs in clear in the evidence store at `path`: the database, its -wal, -shm and
// -journal files, whichever exist.
inline std::vector<std::string> full_niks_in_store(const std::string& path) {
  std::vector<std::string> found;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::ifstream in(path + suffix, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (std::string& nik : full_niks_in(bytes)) found.push_back(std::move(nik));
  }
  return found;
}

}  // namespace jaga::test
