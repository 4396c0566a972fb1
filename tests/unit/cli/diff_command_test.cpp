// `jaga diff show` on evidence that is not what a consistency run writes (a damaged or edited
// store): a clear error naming the run and the store, never an exception (issue 12).
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "cli/commands.h"
#include "store/evidence_store.h"
#include "tests/unit/temp_dir.h"

namespace jaga::cli {
namespace {

using testing::TempDir;

// A store holding one consistency result whose evidence column is `evidence`; its run id.
int64_t store_with_evidence(const std::string& path, const std::string& evidence) {
  auto store = store::EvidenceStore::open(path);
  if (!store) FAIL(store.error().message);
  auto run = (*store)->begin_run("host", "check", TimePoint{});
  REQUIRE(run.ok());
  CheckResult result;
  result.check = "consistency";
  result.add(Status::kCrit, jaga::FindingKind::kUnclassified, {}, "1 row differs");
  REQUIRE((*store)->record(*run, "host", result).ok());
  auto update = (*store)->statement("UPDATE results SET evidence = ?1");
  REQUIRE(update.ok());
  update.bind(1, evidence);
  REQUIRE(update.step() == SQLITE_DONE);
  return *run;
}

// What `f` writes to standard output (through a file in `dir`).
template <typename F>
std::string capture_stdout(const TempDir& dir, F f) {
  const std::string path = dir.file("stdout");
  std::fflush(stdout);
  const int saved = ::dup(1);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  ::dup2(fd, 1);
  ::close(fd);
  f();
  std::fflush(stdout);
  ::dup2(saved, 1);
  ::close(saved);
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("diff show refuses malformed consistency evidence with a clear error", "[diff]") {
  const std::string evidence = GENERATE(
      std::string("not json at all"), std::string("[1, 2]"), std::string(R"({"tables": 5})"),
      std::string(R"({"tables": [{"table": "siak.a", "differences": 7}]})"),
      std::string(R"({"tables": [{"table": 9, "rows": "x", "differences": []}]})"),
      std::string(R"({"tables": [{"differences": [{"kind": 1, "key": "k"}]}]})"),
      std::string(R"({"tables": [], "stopped_at": 3})"),
      std::string(R"({"tables": [{"table": "siak.a", "differences": [], "error": 4}]})"),
      std::string(R"({"tables": [], "schema": []})"),
      std::string(R"({"tables": [], "schema": {"differences": [{"kind": "table"}]}})"),
      std::string(R"({"tables": [], "schema": {"differences": [], "not_compared": [1]}})"));
  TempDir dir;
  config::Config config;
  config.agent.evidence_db = dir.file("evidence.db");
  DiffOptions options;
  options.run_id = store_with_evidence(config.agent.evidence_db, evidence);
  INFO(evidence);
  for (const std::string format : {"text", "json"}) {
    options.format = format;
    int code = -1;
    REQUIRE_NOTHROW(code = run_diff_show(config, options));
    CHECK(code == 1);
  }
}

TEST_CASE("diff show lists schema differences and tables not compared", "[diff]") {
  TempDir dir;
  config::Config config;
  config.agent.evidence_db = dir.file("evidence.db");
  DiffOptions options;
  options.format = "text";
  options.run_id = store_with_evidence(
      config.agent.evidence_db,
      R"({"tables": [{"table": "siak.a", "rows": 0, "differences": [], "error": "gone"}],)"
      R"( "schema": {"differences": [{"kind": "column", "name": "siak.b.agama", "primary": null,)"
      R"( "backup": "varchar(10) NULL", "critical": true}], "not_compared": ["triggers"]}})");
  int code = -1;
  const auto out = capture_stdout(dir, [&] { code = run_diff_show(config, options); });
  CHECK(code == 0);
  CHECK_THAT(out, Catch::Contains("schema: 1 difference") &&
                      Catch::Contains("column siak.b.agama") &&
                      Catch::Contains("primary: (absent)") &&
                      Catch::Contains("backup:  varchar(10) NULL") &&
                      Catch::Contains("not compared: triggers") &&
                      Catch::Contains("siak.a: not compared: gone"));
}

}  // namespace jaga::cli
