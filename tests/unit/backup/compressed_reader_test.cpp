#include "backup/compressed_reader.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "backup/zstd_writer.h"
#include "core/sha256.h"
#include "tests/unit/temp_dir.h"

namespace jaga::backup {
namespace {

using Catch::Contains;
using testing::TempDir;

std::string sample_text() {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "3322" + std::to_string(1000000 + i) + "\tKARANGSARI\n";
  return text;
}

void flip(const std::string& path, std::streamoff at) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(at);
  char c = 0;
  f.get(c);
  f.seekp(at);
  f.put(static_cast<char>(c ^ 0x01));
}

TEST_CASE("a zstd file written by ZstdWriter reads back whole with its SHA-256",
          "[backup][compressed]") {
  TempDir dir;
  const std::string path = dir.file("t.tsv.zst");
  auto writer = ZstdWriter::create(OutputFile::create(path).value(), 3, 1);
  REQUIRE(writer.ok());
  const std::string text = sample_text();
  REQUIRE((*writer)->write(text).ok());
  REQUIRE((*writer)->finish().ok());
  auto summary = read_through(path);
  REQUIRE(summary.ok());
  CHECK(summary->raw_bytes == text.size());
  CHECK(summary->file_bytes == (*writer)->size());
  CHECK(summary->sha256 == (*writer)->sha256());
  CHECK(summary->sha256 == *sha256_file(path));
  CHECK(summary->head == text.substr(0, 4096));
  CHECK(summary->tail == text.substr(text.size() - 4096));
}

TEST_CASE("a truncated or damaged zstd file is an error naming it", "[backup][compressed]") {
  TempDir dir;
  const std::string path = dir.file("t.tsv.zst");
  auto writer = ZstdWriter::create(OutputFile::create(path).value(), 3, 0);
  REQUIRE(writer.ok());
  REQUIRE((*writer)->write(sample_text()).ok());
  REQUIRE((*writer)->finish().ok());
  std::filesystem::copy_file(path, dir.file("d.tsv.zst"));
  std::filesystem::resize_file(path, (*writer)->size() / 2);
  auto r = read_through(path);
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Contains(path + " is truncated"));
  flip(dir.file("d.tsv.zst"), 100);
  r = read_through(dir.file("d.tsv.zst"));
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Contains("d.tsv.zst is damaged: zstd says"));
  r = read_through(dir.write("e.zst", ""));
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Contains("e.zst is empty"));
  r = read_through(dir.file("missing.zst"));
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Contains("cannot open"));
}

TEST_CASE("gzip files are read whole, and a truncated or damaged one is an error",
          "[backup][compressed]") {
  TempDir dir;
  const std::string text = sample_text();
  const std::string plain = dir.write("d.sql", text);
  REQUIRE(std::system(("gzip -k " + plain).c_str()) == 0);
  const std::string gz = plain + ".gz";
  auto good = read_through(gz);
  REQUIRE(good.ok());
  CHECK(good->raw_bytes == text.size());
  CHECK(good->tail == text.substr(text.size() - 4096));

  std::filesystem::copy_file(gz, dir.file("cut.sql.gz"));
  std::filesystem::resize_file(dir.file("cut.sql.gz"), std::filesystem::file_size(gz) - 10);
  auto cut = read_through(dir.file("cut.sql.gz"));
  REQUIRE_FALSE(cut.ok());
  CHECK_THAT(cut.error().message, Contains("cut.sql.gz is truncated"));

  std::filesystem::copy_file(gz, dir.file("bad.sql.gz"));
  flip(dir.file("bad.sql.gz"), static_cast<std::streamoff>(std::filesystem::file_size(gz) - 6));
  auto bad = read_through(dir.file("bad.sql.gz"));
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message, Contains("bad.sql.gz is damaged: zlib says"));
}

}  // namespace
}  // namespace jaga::backup
