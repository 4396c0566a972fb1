#include "schedule/scheduler.h"

#include <algorithm>

namespace jaga::schedule {

Scheduler::Scheduler(Plan plan, TimePoint now, const LastRun& last_run) : plan_(std::move(plan)) {
  for (const Job& job : plan_.jobs) {
    State state;
    if (std::optional<TimePoint> last = last_run ? last_run(job.name()) : std::nullopt) {
      state.last_finished = std::min(*last, now);
      state.next_due = job.when.next_after(*state.last_finished, plan_.zone);
    } else {
      state.next_due = job.when.next_after(now, plan_.zone);
    }
    states_.push_back(state);
  }
}

std::optional<std::string> Scheduler::due(TimePoint now) const {
  std::optional<size_t> best;
  for (size_t i = 0; i < states_.size(); ++i) {
    const State& s = states_[i];
    if (s.running || s.next_due > now || startable_at(i, now) > now) continue;
    if (!best || s.next_due < states_[*best].next_due) best = i;
  }
  if (!best) return std::nullopt;
  return plan_.jobs[*best].name();
}

std::vector<std::string> Scheduler::held(TimePoint now) const {
  std::vector<std::string> names;
  for (size_t i = 0; i < states_.size(); ++i) {
    const State& s = states_[i];
    if (!s.running && s.next_due <= now && startable_at(i, now) > now) {
      names.push_back(plan_.jobs[i].name());
    }
  }
  return names;
}

void Scheduler::started(const std::string& job) {
  if (const auto i = index(job)) states_[*i].running = true;
}

void Scheduler::finished(const std::string& job, TimePoint now) {
  const auto i = index(job);
  if (!i) return;
  states_[*i].running = false;
  states_[*i].last_finished = now;
  states_[*i].next_due = plan_.jobs[*i].when.next_after(now, plan_.zone);
}

TimePoint Scheduler::next_wakeup(TimePoint now) const {
  TimePoint earliest = TimePoint::max();
  for (size_t i = 0; i < states_.size(); ++i) {
    if (!states_[i].running) earliest = std::min(earliest, startable_at(i, now));
  }
  return earliest;
}

TimePoint Scheduler::startable_at(size_t job, TimePoint now) const {
  const TimePoint at = std::max(states_[job].next_due, now);
  if (!plan_.jobs[job].heavy) return at;
  return maintenance_until(at).value_or(at);
}

std::optional<TimePoint> Scheduler::window_end(const MaintenanceWindow& window,
                                               TimePoint now) const {
  const UtcOffset zone = plan_.zone;
  // The first start after now - duration is the only one whose window can still be open; later
  // starts up to `now` extend it.
  LocalMinutes start = window.start.next_after(zone.to_local(now - window.duration));
  if (zone.to_utc(start) > now) return std::nullopt;
  for (LocalMinutes next = window.start.next_after(start); zone.to_utc(next) <= now;
       next = window.start.next_after(next)) {
    start = next;
  }
  return zone.to_utc(start) + window.duration;
}

std::optional<TimePoint> Scheduler::maintenance_until(TimePoint now) const {
  // Windows that open before the previous one closes chain into one. A plan whose windows never
  // close (each opens before the last closes) stops chaining after kMaxChain windows.
  constexpr int kMaxChain = 1000;
  std::optional<TimePoint> end;
  TimePoint t = now;
  for (int round = 0; round < kMaxChain; ++round) {
    std::optional<TimePoint> latest;
    for (const MaintenanceWindow& window : plan_.maintenance) {
      if (auto e = window_end(window, t); e && (!latest || *e > *latest)) latest = e;
    }
    if (!latest || (end && *latest <= *end)) break;
    end = latest;
    t = *latest;
  }
  return end;
}

bool Scheduler::running(const std::string& job) const {
  const auto i = index(job);
  return i && states_[*i].running;
}

std::optional<TimePoint> Scheduler::next_due(const std::string& job) const {
  const auto i = index(job);
  return i ? std::optional<TimePoint>(states_[*i].next_due) : std::nullopt;
}

std::optional<TimePoint> Scheduler::last_finished(const std::string& job) const {
  const auto i = index(job);
  return i ? states_[*i].last_finished : std::nullopt;
}

std::optional<size_t> Scheduler::index(const std::string& job) const {
  for (size_t i = 0; i < plan_.jobs.size(); ++i) {
    if (plan_.jobs[i].name() == job) return i;
  }
  return std::nullopt;
}

}  // namespace jaga::schedule
