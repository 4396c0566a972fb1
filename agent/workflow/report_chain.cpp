#include "workflow/report_chain.h"

#include <fmt/format.h>

namespace jaga::workflow {
namespace {

std::string describe(const StepDefinition& s) {
  return fmt::format("'{}' ({}) by role {}", s.name, s.label, s.role);
}

std::string where(const Definition& d, const ChainState& state, const std::string& number) {
  return fmt::format("report {} is {}", number, state_name(d, state));
}

}  // namespace

ChainState replay(const Definition& d, const std::vector<ChainEvent>& events) {
  ChainState s;
  for (const ChainEvent& e : events) {
    s.since = e.at;
    if (e.is_return) {
      const auto refused = d.find(e.step);
      s.returned = true;
      s.returned_by = e.role;
      s.returned_to = refused && *refused > 0 ? d.steps[*refused - 1].role : "";
      s.return_note = e.note;
      continue;
    }
    const auto index = d.find(e.step);
    if (!index) continue;  // a step of another definition: kept in history, no effect here
    if (*index == 0) {
      s.version = e.version;
      s.returned = false;
      s.returned_by.clear();
      s.returned_to.clear();
      s.return_note.clear();
    }
    s.next = *index + 1;
  }
  return s;
}

bool is_complete(const Definition& d, const ChainState& s) {
  return s.version > 0 && !s.returned && s.next >= d.steps.size();
}

std::string state_name(const Definition& d, const ChainState& s) {
  if (s.version == 0) return "not drafted";
  if (s.returned) return fmt::format("returned to {}", s.returned_to);
  const StepDefinition& last = d.steps[s.next - 1];
  switch (last.action) {
    case Action::kDraft:
      return s.version > 1 ? "revised" : "drafted";
    case Action::kFinalize:
      return "finalized";
    case Action::kReceive:
      return fmt::format("received by {}", last.role);
    case Action::kRecord:
      return "recorded";
  }
  return "?";
}

Timing time_step(const Definition& d, const StepDefinition& step, std::optional<TimePoint> since,
                 TimePoint at) {
  Timing t;
  t.standard_seconds =
      static_cast<double>(std::chrono::duration_cast<std::chrono::seconds>(step.standard).count());
  if (since) {
    const double seconds = step.action == Action::kDraft
                               ? std::chrono::duration<double>(at - *since).count()
                               : d.working_hours.seconds_between(*since, at);
    t.duration_seconds = seconds < 0 ? 0 : seconds;
    t.late = *t.duration_seconds > t.standard_seconds;
  }
  return t;
}

Result<size_t> check_step(const Definition& d, const ChainState& s, const std::string& number,
                          Action action, const std::string& role) {
  if (s.version == 0) {
    return Error{fmt::format("report {} has not been drafted", number)};
  }
  if (s.returned) {
    return Error{
        fmt::format("{} (by {}: \"{}\"); it must be revised and drafted again before "
                    "it can be {}",
                    where(d, s, number), s.returned_by, s.return_note,
                    action == Action::kFinalize ? "finalized" : "received")};
  }
  if (s.next >= d.steps.size()) {
    return Error{fmt::format("{}; its chain is complete", where(d, s, number))};
  }
  const StepDefinition& next = d.steps[s.next];
  if (next.action != action) {
    return Error{fmt::format("{}; the next step is {}, not a {} step", where(d, s, number),
                             describe(next), action_name(action))};
  }
  if (next.role != role) {
    return Error{fmt::format("{}; the next step {} — the signer holds role {}", where(d, s, number),
                             describe(next), role)};
  }
  return s.next;
}

Result<size_t> check_return(const Definition& d, const ChainState& s, const std::string& number,
                            const std::string& role) {
  if (s.version == 0) return Error{fmt::format("report {} has not been drafted", number)};
  if (s.returned) {
    return Error{fmt::format("{} already; it waits for its revision", where(d, s, number))};
  }
  if (s.next >= d.steps.size()) {
    return Error{fmt::format("{}; a recorded report cannot be returned", where(d, s, number))};
  }
  const StepDefinition& next = d.steps[s.next];
  if (next.action != Action::kFinalize && next.action != Action::kReceive) {
    return Error{
        fmt::format("{}; only a finalize or receive step can return it, the next step "
                    "is {}",
                    where(d, s, number), describe(next))};
  }
  if (next.role != role) {
    return Error{
        fmt::format("{}; only role {} (next step {}) may return it — the signer holds "
                    "role {}",
                    where(d, s, number), next.role, describe(next), role)};
  }
  return s.next;
}

Result<void> check_draft(const Definition& d, const ChainState& s, const std::string& number) {
  if (s.version == 0 || s.returned) return Ok();
  return Error{fmt::format("{}; a new version can only be drafted after it was returned",
                           where(d, s, number))};
}

std::optional<Pending> pending_step(const Definition& d, const ChainState& s) {
  if (s.version == 0 || is_complete(d, s)) return std::nullopt;
  Pending p;
  p.version = s.version;
  p.since = s.since;
  std::chrono::minutes& standard = p.standard;
  if (s.returned) {
    p.step = "revise";
    p.label = fmt::format("Revisi laporan yang dikembalikan oleh {}", s.returned_by);
    p.role = s.returned_to;
    p.action = Action::kDraft;
    standard = d.steps.front().standard;
  } else {
    const StepDefinition& next = d.steps[s.next];
    p.step = next.name;
    p.label = next.label;
    p.role = next.role;
    p.action = next.action;
    standard = next.standard;
  }
  p.due = d.working_hours.after(s.since, standard);
  return p;
}

std::optional<Overdue> overdue_at(const Definition& d, const ChainState& s, TimePoint now) {
  // Only a returned report's revision and the officials' steps are overdue: the first draft is
  // the scheduler's and has no overdue state (it is timed when registered).
  auto p = pending_step(d, s);
  if (!p || now <= p->due) return std::nullopt;
  return Overdue{p->step, p->label, p->role, p->due, d.working_hours.seconds_between(p->due, now)};
}

}  // namespace jaga::workflow
