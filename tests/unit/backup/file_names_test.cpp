#include "backup/file_names.h"

#include <catch2/catch.hpp>
#include <set>

namespace jaga::backup {
namespace {

TEST_CASE("names become file names that stay inside the backup", "[backup][names]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"biodata_wni", "biodata_wni"},
      {"ref-desa_2", "ref-desa_2"},
      {"a/b", "a%2Fb"},
      {"../../../pwn", "%2E%2E%2F%2E%2E%2F%2E%2E%2Fpwn"},
      {".", "%2E"},
      {"..", "%2E%2E"},
      {"back\\slash", "back%5Cslash"},
      {"%2F", "%252F"},
      {"ctl\x01name", "ctl%01name"},
      {std::string("nul\0x", 5), "nul%00x"},
      {"\xC3\xA9", "%C3%A9"},
      {"sp ace~", "sp%20ace%7E"},
  };
  for (const auto& [name, file] : cases) {
    INFO(name);
    CHECK(encode_file_name(name) == file);
  }
}

TEST_CASE("long names end in a digest and stay short enough", "[backup][names]") {
  std::string e64;
  for (int i = 0; i < 64; ++i) e64 += "\xC3\xA9";
  std::string e63 = e64.substr(0, 126) + "\xC3\xA8";
  const std::string a = encode_file_name(e64);
  const std::string b = encode_file_name(e63);
  CHECK(a.size() <= kMaxEncodedName);
  CHECK(a != b);
  CHECK(a.find('~') == a.size() - 17);
  // The cut never splits an escape.
  const std::string head = a.substr(0, a.find('~'));
  CHECK(head.size() % 3 == 0);
  CHECK(is_safe_relative_path("siak/" + a + ".0001.tsv.zst"));
  CHECK(encode_file_name(std::string(kMaxEncodedName, 'x')) == std::string(kMaxEncodedName, 'x'));
  CHECK(encode_file_name(std::string(kMaxEncodedName + 1, 'x')).size() == kMaxEncodedName);
}

TEST_CASE("distinct names never share a file name", "[backup][names]") {
  std::set<std::string> names{"a/b", "a%2Fb", "a%252Fb", "A/b", "a\\b", ".", "..", "%2E", "x~"};
  std::set<std::string> files;
  for (const auto& n : names) files.insert(encode_file_name(n));
  CHECK(files.size() == names.size());
  for (const auto& f : files) {
    CHECK(f.find('/') == std::string::npos);
    CHECK(is_safe_relative_path(f));
  }
}

TEST_CASE("only relative paths inside the backup are safe", "[backup][names]") {
  CHECK(is_safe_relative_path("siak/biodata_wni.0001.tsv.zst"));
  CHECK(is_safe_relative_path("manifest.json"));
  for (const std::string& bad : std::vector<std::string>{
           "", "/x", "x/", "a//b", ".", "..", "a/../b", "a/./b", "a\\b", std::string("a\0", 2)}) {
    INFO(bad);
    CHECK_FALSE(is_safe_relative_path(bad));
  }
}

}  // namespace
}  // namespace jaga::backup
