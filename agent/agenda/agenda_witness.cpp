#include "agenda/agenda_witness.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace jaga::agenda {
namespace {

std::string short_hash(const std::string& hash) { return hash.substr(0, 12); }

}  // namespace

std::vector<ChainLink> links_of(const std::vector<AgendaEntry>& entries, int64_t from) {
  std::vector<ChainLink> links;
  for (const AgendaEntry& e : entries) {
    if (e.position >= from) links.push_back({e.position, e.prev_hash, e.entry_hash});
  }
  return links;
}

bool is_chain_hash(const std::string& hash) {
  return hash.size() == 64 && std::all_of(hash.begin(), hash.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::optional<std::string> malformed_links(const std::vector<ChainLink>& pushed) {
  if (pushed.empty()) return "no links";
  for (size_t i = 0; i < pushed.size(); ++i) {
    const ChainLink& l = pushed[i];
    if (l.position < 1) return fmt::format("link {}: position {} is not 1 or more", i, l.position);
    if (!is_chain_hash(l.prev_hash) || !is_chain_hash(l.entry_hash)) {
      return fmt::format("link {} (position {}): a hash is not 64 lower-case hex digits", i,
                         l.position);
    }
    if (l.position == 1 && l.prev_hash != kGenesisHash) {
      return "position 1 must follow the genesis hash";
    }
    if (i == 0) continue;
    if (l.position != pushed[i - 1].position + 1) {
      return fmt::format("link {}: position {} does not follow {}", i, l.position,
                         pushed[i - 1].position);
    }
    if (l.prev_hash != pushed[i - 1].entry_hash) {
      return fmt::format("link {} (position {}) does not chain to the link before it", i,
                         l.position);
    }
  }
  return std::nullopt;
}

std::optional<std::string> witness_refusal(const std::vector<ChainLink>& held,
                                           const std::vector<ChainLink>& pushed) {
  const auto find = [&](int64_t position) -> const ChainLink* {
    const auto it = std::lower_bound(held.begin(), held.end(), position,
                                     [](const ChainLink& l, int64_t p) { return l.position < p; });
    return it != held.end() && it->position == position ? &*it : nullptr;
  };
  const ChainLink& first = pushed.front();
  if (const ChainLink* before = find(first.position - 1);
      before != nullptr && before->entry_hash != first.prev_hash) {
    return fmt::format(
        "the book was rewritten: position {} follows hash {}…, but the witness holds position "
        "{} as {}…",
        first.position, short_hash(first.prev_hash), before->position,
        short_hash(before->entry_hash));
  }
  for (const ChainLink& l : pushed) {
    if (const ChainLink* h = find(l.position); h != nullptr && h->entry_hash != l.entry_hash) {
      return fmt::format(
          "the book was rewritten: position {} is now {}…, but the witness holds it as {}…",
          l.position, short_hash(l.entry_hash), short_hash(h->entry_hash));
    }
  }
  if (!held.empty() && held.back().position > pushed.back().position) {
    return fmt::format(
        "the book was truncated: it ends at position {}, but the witness holds position {}",
        pushed.back().position, held.back().position);
  }
  return std::nullopt;
}

WitnessVerdict compare_with_witness(const std::vector<AgendaEntry>& book,
                                    const std::vector<ChainLink>& held,
                                    const std::string& witness) {
  WitnessVerdict v;
  std::map<int64_t, const AgendaEntry*> by_position;
  for (const AgendaEntry& e : book) by_position[e.position] = &e;
  const int64_t last = book.empty() ? 0 : book.back().position;
  for (const ChainLink& h : held) {
    const auto it = by_position.find(h.position);
    if (it == by_position.end()) {
      v.status = Status::kCrit;
      v.lines.push_back(
          h.position > last
              ? fmt::format("CRIT: the book was truncated: it ends at position {}, but witness {} "
                            "holds position {} ({}…)",
                            last, witness, h.position, short_hash(h.entry_hash))
              : fmt::format("CRIT: entry {} was deleted: witness {} holds it ({}…)", h.position,
                            witness, short_hash(h.entry_hash)));
      if (h.position > last) break;
      continue;
    }
    const AgendaEntry& e = *it->second;
    if (e.entry_hash != h.entry_hash) {
      v.status = Status::kCrit;
      v.lines.push_back(fmt::format(
          "CRIT: the book was rewritten: entry {} (agenda number {}) hashes to {}…, but witness "
          "{} holds {}…",
          h.position, e.agenda_number, short_hash(e.entry_hash), witness,
          short_hash(h.entry_hash)));
    }
  }
  if (v.status == Status::kCrit) return v;
  const int64_t witnessed = held.empty() ? 0 : held.back().position;
  if (witnessed < last) {
    v.status = Status::kWarn;
    v.lines.push_back(fmt::format(
        "WARN: entries {} to {} are not yet witnessed by {} (`jaga serve` pushes them with its "
        "next pull)",
        witnessed + 1, last, witness));
  } else if (last > 0) {
    v.lines.push_back(fmt::format("OK: witness {} holds the book up to position {} ({}…)", witness,
                                  witnessed, short_hash(held.back().entry_hash)));
  } else {
    v.lines.push_back(fmt::format("OK: the book is empty and witness {} holds nothing", witness));
  }
  return v;
}

}  // namespace jaga::agenda
