// The workflow definition: the shipped SOP-PIAK-07 file, and broken definitions reported with
// the file, line and key.
#include "workflow/definition.h"

#include <catch2/catch.hpp>
#include <string>

namespace jaga::workflow {
namespace {

using Catch::Contains;

constexpr const char* kPath = "/etc/jaga/sop.toml";

std::string step(const std::string& name, const std::string& action, const std::string& role,
                 int minutes = 5) {
  return "[[steps]]\nname = \"" + name + "\"\naction = \"" + action + "\"\nrole = \"" + role +
         "\"\nstandard_minutes = " + std::to_string(minutes) + "\n";
}

const std::string kHead = "[workflow]\nid = \"T\"\n";  // lines 1-2

std::string error_of(const std::string& text) {
  auto d = parse_definition(text, kPath);
  REQUIRE_FALSE(d.ok());
  return d.error().message;
}

TEST_CASE("the shipped SOP-PIAK-07 definition has the SOP's steps, roles and standards",
          "[workflow][definition]") {
  auto d = load_definition(std::string(JAGA_SOURCE_DIR) + "/config/sop-piak-07.toml");
  if (!d) FAIL(d.error().message);
  CHECK(d->id == "SOP-PIAK-07");
  REQUIRE(d->steps.size() == 5);
  const std::vector<std::tuple<std::string, Action, std::string, int>> expected = {
      {"draft", Action::kDraft, "scheduler", 60},
      {"finalize", Action::kFinalize, "apk", 15},
      {"receive_sub_koord", Action::kReceive, "sub_koord", 5},
      {"receive_kabid", Action::kReceive, "kabid", 5},
      {"record", Action::kRecord, "kabid", 5}};
  for (size_t i = 0; i < expected.size(); ++i) {
    CHECK(d->steps[i].name == std::get<0>(expected[i]));
    CHECK(d->steps[i].action == std::get<1>(expected[i]));
    CHECK(d->steps[i].role == std::get<2>(expected[i]));
    CHECK(d->steps[i].standard.count() == std::get<3>(expected[i]));
  }
  CHECK(d->steps[4].label == "Mencatat dalam Agenda, selesai");
  CHECK_FALSE(d->allow_multiple_roles);  // one role per person unless an office says otherwise
}

TEST_CASE("a definition allows one person several roles only when it says so explicitly",
          "[workflow][definition][four_eyes]") {
  const std::string steps =
      step("d", "draft", "scheduler") + step("f", "finalize", "apk") + step("r", "record", "apk");
  auto silent = parse_definition(kHead + steps, kPath);
  REQUIRE(silent.ok());
  CHECK_FALSE(silent->allow_multiple_roles);
  auto acting = parse_definition(kHead + "allow_multiple_roles = true\n" + steps, kPath);
  REQUIRE(acting.ok());
  CHECK(acting->allow_multiple_roles);
  CHECK(error_of(kHead + "allow_multiple_roles = \"yes\"\n" + steps) ==
        "/etc/jaga/sop.toml:3:24: 'workflow.allow_multiple_roles' must be a boolean (true or "
        "false), got a string");
}

TEST_CASE("a minimal definition parses and labels default to names", "[workflow][definition]") {
  auto d = parse_definition(kHead + step("d", "draft", "scheduler") + step("f", "finalize", "apk") +
                                step("r", "record", "apk"),
                            kPath);
  if (!d) FAIL(d.error().message);
  CHECK(d->steps.size() == 3);
  CHECK(d->steps[1].label == "f");
  CHECK(d->find("r") == 2u);
  CHECK_FALSE(d->find("x").has_value());
}

TEST_CASE("broken definitions name the file, line and key", "[workflow][definition]") {
  const std::string ok3 =
      step("d", "draft", "scheduler") + step("f", "finalize", "apk") + step("r", "record", "apk");
  CHECK_THAT(error_of("[workflow\nid = 1"),
             Contains("/etc/jaga/sop.toml:1:") && Contains("syntax error"));
  CHECK_THAT(error_of(ok3), Contains("missing required key 'workflow'"));
  CHECK_THAT(error_of("[workflow]\ntitle = \"x\"\n" + ok3), Contains("'workflow.id'"));
  CHECK_THAT(error_of(kHead), Contains("missing required key 'steps'"));
  CHECK_THAT(error_of("steps = 3\n" + kHead),
             Contains(":1:") && Contains("'steps' must be an array of tables"));
  CHECK_THAT(error_of(kHead + "[[steps]]\nname = \"d\"\nrole = \"x\"\nstandard_minutes = 1\n"),
             Contains(":3:") && Contains("missing required key 'steps[0].action'"));
  CHECK_THAT(error_of(kHead + "[[steps]]\nname = \"d\"\naction = \"sign\"\nrole = \"x\"\n"
                              "standard_minutes = 1\n"),
             Contains(":5:") && Contains("'steps[0].action'") &&
                 Contains("must be one of draft, finalize, receive, record, got \"sign\""));
  CHECK_THAT(error_of(kHead + "[[steps]]\nname = \"d\"\naction = \"draft\"\nrole = \"x\"\n"),
             Contains("missing required key 'standard_minutes'"));
  CHECK_THAT(error_of(kHead + "[[steps]]\nname = \"d\"\naction = \"draft\"\nrole = \"x\"\n"
                              "standard_minutes = 0\n"),
             Contains(":7:") &&
                 Contains("'steps[0].standard_minutes' must be between 1 and 10080, got 0"));
  CHECK_THAT(error_of(kHead + "[[steps]]\nname = \"Draft Step\"\naction = \"draft\"\nrole = "
                              "\"x\"\nstandard_minutes = 3\n"),
             Contains(":4:") && Contains("\"Draft Step\" is not a step name"));
  CHECK_THAT(error_of(kHead + "[[steps]]\nname = \"d\"\naction = \"draft\"\nrole = \"x\"\n"
                              "standard_minutes = 3\nwho = 1\n"),
             Contains(":8:") && Contains("unknown key 'steps[0].who'"));
  CHECK_THAT(error_of(kHead + step("d", "draft", "s") + step("r", "record", "s")),
             Contains("needs at least three [[steps]]"));
  CHECK_THAT(error_of(kHead + step("f", "finalize", "a") + step("d", "draft", "s") +
                      step("r", "record", "a")),
             Contains("the first step must draft, but step 'f' has action = \"finalize\""));
  CHECK_THAT(error_of(kHead + step("d", "draft", "s") + step("x", "receive", "a") +
                      step("r", "record", "a")),
             Contains("the second step must finalize"));
  CHECK_THAT(error_of(kHead + step("d", "draft", "s") + step("f", "finalize", "a") +
                      step("x", "receive", "a")),
             Contains("the last step must record, but step 'x'"));
  CHECK_THAT(error_of(kHead + step("d", "draft", "s") + step("f", "finalize", "a") +
                      step("f", "receive", "b") + step("r", "record", "b")),
             Contains("step name 'f' is used twice (steps[2])"));
  CHECK_THAT(error_of(kHead + step("d", "draft", "s") + step("f", "finalize", "a") +
                      step("g", "finalize", "b") + step("r", "record", "b")),
             Contains("only \"receive\" may come between finalize and record"));
  CHECK_THAT(error_of(kHead + step("d", "draft", "s") + step("f", "finalize", "a") +
                      step("k", "receive", "kabid") + step("r", "record", "apk")),
             Contains("the record step 'r' has role \"apk\" but is written right after 'k' by "
                      "role \"kabid\""));
}

TEST_CASE("a missing definition file is named with the config key", "[workflow][definition]") {
  auto d = load_definition("/nonexistent/sop.toml");
  REQUIRE_FALSE(d.ok());
  CHECK_THAT(d.error().message, Contains("cannot read workflow definition /nonexistent/sop.toml") &&
                                    Contains("workflow.definition"));
}

}  // namespace
}  // namespace jaga::workflow
