// The report state machine over SOP-PIAK-07: order, roles, returns and revisions, timing against
// the standards and overdue steps, all on a fixed clock.
#include "workflow/report_chain.h"

#include <catch2/catch.hpp>

namespace jaga::workflow {
namespace {

using Catch::Contains;
using std::chrono::minutes;
using std::chrono::seconds;

Definition sop() {
  auto d = load_definition(std::string(JAGA_SOURCE_DIR) + "/config/sop-piak-07.toml");
  REQUIRE(d.ok());
  return *d;
}

// Thursday 26 November 2026, 08:00 WIB: within the default working hours.
const TimePoint kT0 =
    std::chrono::sys_days{std::chrono::year{2026} / 11 / 26} + std::chrono::hours(1);

ChainEvent ev(const std::string& step, const std::string& role, TimePoint at, int version = 1) {
  return ChainEvent{step, false, role, version, at, ""};
}
ChainEvent ret(const std::string& step, const std::string& role, TimePoint at,
               const std::string& note, int version = 1) {
  return ChainEvent{step, true, role, version, at, note};
}

TEST_CASE("the chain goes drafted, finalized, received twice, recorded", "[workflow][chain]") {
  const Definition d = sop();
  std::vector<ChainEvent> events;
  CHECK(state_name(d, replay(d, events)) == "not drafted");
  events.push_back(ev("draft", "scheduler", kT0));
  CHECK(state_name(d, replay(d, events)) == "drafted");
  CHECK(check_step(d, replay(d, events), "R1", Action::kFinalize, "apk").value() == 1);
  events.push_back(ev("finalize", "apk", kT0 + minutes(10)));
  CHECK(state_name(d, replay(d, events)) == "finalized");
  CHECK(check_step(d, replay(d, events), "R1", Action::kReceive, "sub_koord").value() == 2);
  events.push_back(ev("receive_sub_koord", "sub_koord", kT0 + minutes(12)));
  CHECK(state_name(d, replay(d, events)) == "received by sub_koord");
  events.push_back(ev("receive_kabid", "kabid", kT0 + minutes(14)));
  CHECK(state_name(d, replay(d, events)) == "received by kabid");
  events.push_back(ev("record", "kabid", kT0 + minutes(14)));
  const ChainState done = replay(d, events);
  CHECK(state_name(d, done) == "recorded");
  CHECK(is_complete(d, done));
  CHECK_THAT(check_step(d, done, "R1", Action::kReceive, "kabid").error().message,
             Contains("report R1 is recorded; its chain is complete"));
  CHECK_THAT(check_return(d, done, "R1", "kabid").error().message,
             Contains("a recorded report cannot be returned"));
}

TEST_CASE("a step out of order or by the wrong role is refused with what comes next",
          "[workflow][chain]") {
  const Definition d = sop();
  CHECK_THAT(check_step(d, ChainState{}, "R1", Action::kFinalize, "apk").error().message,
             Contains("report R1 has not been drafted"));
  const ChainState drafted = replay(d, {ev("draft", "scheduler", kT0)});
  CHECK_THAT(check_step(d, drafted, "R1", Action::kReceive, "sub_koord").error().message,
             Contains("report R1 is drafted; the next step is 'finalize' (Finalisasi laporan) by "
                      "role apk, not a receive step"));
  CHECK_THAT(check_step(d, drafted, "R1", Action::kFinalize, "kabid").error().message,
             Contains("the next step 'finalize'") && Contains("by role apk") &&
                 Contains("the signer holds role kabid"));
  const ChainState finalized =
      replay(d, {ev("draft", "scheduler", kT0), ev("finalize", "apk", kT0 + minutes(1))});
  CHECK_THAT(check_step(d, finalized, "R1", Action::kReceive, "kabid").error().message,
             Contains("'receive_sub_koord'") && Contains("the signer holds role kabid"));
  CHECK_THAT(check_step(d, finalized, "R1", Action::kFinalize, "apk").error().message,
             Contains("not a finalize step"));
}

TEST_CASE("a return sends the report back for a revision, then the chain resumes at finalize",
          "[workflow][chain]") {
  const Definition d = sop();
  std::vector<ChainEvent> events = {ev("draft", "scheduler", kT0),
                                    ev("finalize", "apk", kT0 + minutes(5))};
  CHECK_THAT(check_return(d, replay(d, events), "R1", "kabid").error().message,
             Contains("only role sub_koord") && Contains("the signer holds role kabid"));
  CHECK(check_return(d, replay(d, events), "R1", "sub_koord").value() == 2);
  events.push_back(ret("receive_sub_koord", "sub_koord", kT0 + minutes(8), "lag chart missing"));
  const ChainState returned = replay(d, events);
  CHECK(returned.returned);
  CHECK(returned.returned_to == "apk");
  CHECK(state_name(d, returned) == "returned to apk");
  CHECK_THAT(check_step(d, returned, "R1", Action::kFinalize, "apk").error().message,
             Contains("lag chart missing") && Contains("must be revised and drafted again"));
  CHECK_THAT(check_return(d, returned, "R1", "sub_koord").error().message,
             Contains("already; it waits for its revision"));
  CHECK(check_draft(d, returned, "R1").ok());
  CHECK_THAT(check_draft(d, replay(d, {ev("draft", "scheduler", kT0)}), "R1").error().message,
             Contains("a new version can only be drafted after it was returned"));
  events.push_back(ev("draft", "scheduler", kT0 + minutes(30), 2));
  const ChainState revised = replay(d, events);
  CHECK(revised.version == 2);
  CHECK_FALSE(revised.returned);
  CHECK(state_name(d, revised) == "revised");
  CHECK(check_step(d, revised, "R1", Action::kFinalize, "apk").ok());
}

TEST_CASE("the finalizing administrator may return a draft to the scheduler", "[workflow][chain]") {
  const Definition d = sop();
  const ChainState s = replay(
      d, {ev("draft", "scheduler", kT0), ret("finalize", "apk", kT0 + minutes(3), "wrong period")});
  CHECK(s.returned_to == "scheduler");
}

TEST_CASE("each step is timed since the previous one against its standard",
          "[workflow][chain][timing]") {
  const Definition d = sop();
  const Timing on_time = time_step(d, d.steps[1], kT0, kT0 + minutes(15));
  CHECK(on_time.duration_seconds == Approx(900));
  CHECK(on_time.standard_seconds == Approx(900));
  CHECK_FALSE(on_time.late);
  const Timing late = time_step(d, d.steps[1], kT0, kT0 + minutes(15) + seconds(1));
  CHECK(late.late);
  const Timing unmeasured = time_step(d, d.steps[0], std::nullopt, kT0);
  CHECK_FALSE(unmeasured.duration_seconds.has_value());
  CHECK_FALSE(unmeasured.late);
}

TEST_CASE("overdue steps at a given time", "[workflow][chain][timing]") {
  const Definition d = sop();
  CHECK_FALSE(overdue_at(d, ChainState{}, kT0 + std::chrono::hours(9)).has_value());
  const ChainState drafted = replay(d, {ev("draft", "scheduler", kT0)});
  CHECK_FALSE(overdue_at(d, drafted, kT0 + minutes(15)).has_value());
  auto o = overdue_at(d, drafted, kT0 + minutes(20));
  REQUIRE(o.has_value());
  CHECK(o->step == "finalize");
  CHECK(o->role == "apk");
  CHECK(o->due == kT0 + minutes(15));
  CHECK(o->overdue_seconds == Approx(300));
  const ChainState returned =
      replay(d, {ev("draft", "scheduler", kT0), ret("finalize", "apk", kT0 + minutes(1), "redo")});
  auto r = overdue_at(d, returned, kT0 + minutes(62));
  REQUIRE(r.has_value());
  CHECK(r->step == "revise");
  CHECK(r->role == "scheduler");
  CHECK(r->overdue_seconds == Approx(60));
  const ChainState done =
      replay(d, {ev("draft", "scheduler", kT0), ev("finalize", "apk", kT0),
                 ev("receive_sub_koord", "sub_koord", kT0), ev("receive_kabid", "kabid", kT0),
                 ev("record", "kabid", kT0)});
  CHECK_FALSE(overdue_at(d, done, kT0 + std::chrono::hours(100)).has_value());
}

}  // namespace
}  // namespace jaga::workflow
