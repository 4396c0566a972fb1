// The report state machine: where a report stands in the workflow (drafted, finalized, received
// by each recipient, recorded, or returned for revision), which step may come next and by whom,
// and how long each step took against its standard. Pure logic over the events the store keeps;
// the clock is always passed in.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "workflow/definition.h"

namespace jaga::workflow {

// One accepted event in a report's history, oldest first.
struct ChainEvent {
  std::string step;  // a step name of the definition; for a return, the step that was refused
  bool is_return = false;
  std::string role;  // the role that took it
  int version = 1;   // the report version it concerns
  TimePoint at;
  std::string note;  // a return's reason
};

struct ChainState {
  int version = 0;          // the current version; 0: nothing drafted yet
  size_t next = 0;          // index of the next step; steps.size() when the chain is complete
  bool returned = false;    // waiting for a revision (a new version), then finalize again
  std::string returned_by;  // role
  std::string returned_to;  // role of the previous holder, who revises
  std::string return_note;
  TimePoint since{};  // when the last event happened: the next step's duration counts from here
};

// Replays `events` over the definition. REQUIRES: every event was accepted by check_* below in
// this order (the store keeps only accepted events).
ChainState replay(const Definition& definition, const std::vector<ChainEvent>& events);

bool is_complete(const Definition& definition, const ChainState& state);

// The state for people and the register: "drafted", "finalized", "received by sub_koord",
// "recorded", "returned to apk".
std::string state_name(const Definition& definition, const ChainState& state);

// A step's duration since the previous event against its standard: the scheduler's draft in clock
// time, every official's step in the definition's working hours.
struct Timing {
  std::optional<double> duration_seconds;  // nullopt: not measured (a draft without start time)
  double standard_seconds = 0;
  bool late = false;
};
Timing time_step(const Definition& definition, const StepDefinition& step,
                 std::optional<TimePoint> since, TimePoint at);

// May `role` take `action` (finalize or receive) as the next step of report `number`? Returns
// the index of that step, or an Error saying what the next step is and who takes it.
Result<size_t> check_step(const Definition& definition, const ChainState& state,
                          const std::string& number, Action action, const std::string& role);

// May `role` return report `number` to the previous holder? Only the role whose finalize or
// receive step is next may. Returns the index of the refused step.
Result<size_t> check_return(const Definition& definition, const ChainState& state,
                            const std::string& number, const std::string& role);

// May a (new) version of report `number` be drafted? A first draft when nothing is drafted, a
// revision when the report was returned; otherwise an Error.
Result<void> check_draft(const Definition& definition, const ChainState& state,
                         const std::string& number);

// The step a report waits for now and who must take it: the next official's step, or the
// revision of a returned report (measured against the draft step's standard from the return).
// nullopt when nothing is drafted or the chain is complete. An official's standard runs in
// working hours: a report drafted at 15:55 on Friday is due with the APK (15 minutes) at 07:40
// on Monday.
struct Pending {
  std::string step;                   // step name, or "revise" for a returned report
  std::string label;                  // for people
  std::string role;                   // who must act
  Action action = Action::kFinalize;  // finalize, receive, or draft for a revision
  int version = 0;                    // the version it concerns
  TimePoint since;                    // when it became due (the previous event)
  TimePoint due;                      // when the standard runs out
  std::chrono::minutes standard{0};   // in working hours (the revision's: the draft step's)
};
std::optional<Pending> pending_step(const Definition& definition, const ChainState& state);

// The step a report waits for, when it is past its standard at `now`.
struct Overdue {
  std::string step;            // step name, or "revise" for a returned report
  std::string label;           // for people
  std::string role;            // who must act
  TimePoint due;               // when the standard ran out
  double overdue_seconds = 0;  // working time since `due`
};
std::optional<Overdue> overdue_at(const Definition& definition, const ChainState& state,
                                  TimePoint now);

}  // namespace jaga::workflow
