#include "agenda/agenda_book.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

#include "core/sha256.h"
#include "store/sqlite_statement.h"

namespace jaga::agenda {
namespace {

constexpr const char* kColumns =
    "position, year, seq_in_year, agenda_number, recorded_at, report, period_kind, period_start, "
    "period_end, document_sha256, signers, prev_hash, entry_hash, agent_signature";

AgendaEntry read_row(const store::SqlStatement& s) {
  AgendaEntry e;
  e.position = s.integer(0);
  e.year = static_cast<int>(s.integer(1));
  e.seq_in_year = static_cast<int>(s.integer(2));
  e.agenda_number = s.text(3);
  e.recorded_at = s.text(4);
  e.report = s.text(5);
  e.period_kind = s.text(6);
  e.period_start = s.text(7);
  e.period_end = s.text(8);
  e.document_sha256 = s.text(9);
  const auto signers = nlohmann::json::parse(s.text(10), nullptr, false);
  if (signers.is_array()) {
    for (const auto& name : signers) {
      e.signers.push_back(name.is_string() ? name.get<std::string>() : name.dump());
    }
  } else {
    // Unreadable signers are kept verbatim, so the hash check names the entry.
    e.signers.push_back(s.text(10));
  }
  e.prev_hash = s.text(11);
  e.entry_hash = s.text(12);
  e.agent_signature = s.blob(13);
  return e;
}

std::string name_of(const AgendaEntry& e) {
  return fmt::format("entry {} (agenda number {}, report {})", e.position, e.agenda_number,
                     e.report);
}

}  // namespace

std::string canonical_encoding(const AgendaEntry& e) {
  const nlohmann::json fields = {"jaga-agenda-v1",  e.year,         e.seq_in_year,
                                 e.agenda_number,   e.recorded_at,  e.report,
                                 e.period_kind,     e.period_start, e.period_end,
                                 e.document_sha256, e.signers,      e.prev_hash};
  return fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string compute_hash(const AgendaEntry& e) { return sha256_hex(canonical_encoding(e)); }

Result<AgendaEntry> append_entry(store::EvidenceStore& store, const NumberFormat& format,
                                 const UtcOffset& zone, const NewEntry& n,
                                 const EntrySigner& sign) {
  const auto local_day = std::chrono::floor<std::chrono::days>(zone.to_local(n.recorded_at));
  const std::chrono::year_month_day ymd{local_day};
  AgendaEntry e;
  e.year = static_cast<int>(ymd.year());
  e.recorded_at = format_utc(n.recorded_at);
  e.report = n.report;
  e.period_kind = n.period_kind;
  e.period_start = n.period_start;
  e.period_end = n.period_end;
  e.document_sha256 = n.document_sha256;
  e.signers = n.signers;
  e.prev_hash = kGenesisHash;
  auto head = head_entry(store);
  if (!head) return head.error();
  if (*head) e.prev_hash = (*head)->entry_hash;
  {
    auto seq = store.statement(
        "SELECT COALESCE(MAX(seq_in_year), 0) FROM agenda_entries WHERE "
        "year = ?1");
    if (!seq.ok()) return store.sql_error("numbering the agenda entry");
    seq.bind(1, static_cast<int64_t>(e.year));
    if (seq.step() != SQLITE_ROW) return store.sql_error("numbering the agenda entry");
    e.seq_in_year = static_cast<int>(seq.integer(0)) + 1;
  }
  e.agenda_number =
      format.format(e.seq_in_year, e.year, static_cast<int>(static_cast<unsigned>(ymd.month())));
  e.entry_hash = compute_hash(e);
  if (sign) {
    auto signature = sign(e.entry_hash);
    if (!signature) {
      return Error{fmt::format("signing agenda entry of report {}: {}", n.report,
                               signature.error().message)};
    }
    e.agent_signature = std::move(*signature);
  }
  auto insert = store.statement(
      "INSERT INTO agenda_entries (year, seq_in_year, agenda_number, recorded_at, report, "
      "period_kind, period_start, period_end, document_sha256, signers, prev_hash, entry_hash, "
      "agent_signature) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  if (!insert.ok()) return store.sql_error("preparing the agenda entry");
  insert.bind(1, static_cast<int64_t>(e.year));
  insert.bind(2, static_cast<int64_t>(e.seq_in_year));
  insert.bind(3, e.agenda_number);
  insert.bind(4, e.recorded_at);
  insert.bind(5, e.report);
  insert.bind(6, e.period_kind);
  insert.bind(7, e.period_start);
  insert.bind(8, e.period_end);
  insert.bind(9, e.document_sha256);
  insert.bind(10, nlohmann::json(e.signers).dump());
  insert.bind(11, e.prev_hash);
  insert.bind(12, e.entry_hash);
  if (e.agent_signature.empty()) {
    insert.bind_null(13);
  } else {
    insert.bind_blob(13, e.agent_signature);
  }
  if (insert.step() != SQLITE_DONE) {
    return store.sql_error("recording report " + n.report + " in the agenda book");
  }
  e.position = store.last_insert_rowid();
  return e;
}

Result<std::optional<AgendaEntry>> head_entry(const store::EvidenceStore& store) {
  auto last = store.statement(
      fmt::format("SELECT {} FROM agenda_entries ORDER BY position DESC LIMIT 1", kColumns));
  if (!last.ok()) return store.sql_error("reading the agenda book");
  const int rc = last.step();
  if (rc == SQLITE_DONE) return std::optional<AgendaEntry>();
  if (rc != SQLITE_ROW) return store.sql_error("reading the agenda book");
  return std::optional<AgendaEntry>(read_row(last));
}

Result<std::vector<AgendaEntry>> list_entries(const store::EvidenceStore& store,
                                              std::optional<int> year) {
  auto s = store.statement(fmt::format("SELECT {} FROM agenda_entries {} ORDER BY position",
                                       kColumns, year ? "WHERE year = ?1" : ""));
  if (!s.ok()) return store.sql_error("reading the agenda book");
  if (year) s.bind(1, static_cast<int64_t>(*year));
  std::vector<AgendaEntry> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) out.push_back(read_row(s));
  if (rc != SQLITE_DONE) return store.sql_error("reading the agenda book");
  return out;
}

std::vector<Problem> verify_entries(const std::vector<AgendaEntry>& entries,
                                    const std::map<std::string, RecordedReport>& reports) {
  std::vector<Problem> problems;
  auto report = [&](const AgendaEntry& e, const std::string& what) {
    problems.push_back({e.position, e.agenda_number, fmt::format("{}: {}", name_of(e), what)});
  };
  const size_t n = entries.size();
  std::map<std::string, size_t> by_hash;  // stored entry hash -> index
  std::set<std::string> referenced;       // hashes some entry names as its predecessor
  for (size_t i = 0; i < n; ++i) {
    by_hash.emplace(entries[i].entry_hash, i);
    referenced.insert(entries[i].prev_hash);
  }
  auto index_of = [&](const std::string& hash) -> std::optional<size_t> {
    const auto it = by_hash.find(hash);
    return it == by_hash.end() ? std::nullopt : std::optional<size_t>(it->second);
  };
  // Inserted: nobody chains to it, and the entry after it chains to one before it.
  std::vector<bool> inserted(n, false);
  for (size_t k = 0; k + 1 < n; ++k) {
    const auto successor_pred = index_of(entries[k + 1].prev_hash);
    inserted[k] =
        !referenced.contains(entries[k].entry_hash) && successor_pred && *successor_pred < k;
  }
  // The order the chain itself gives, segment by segment where it is broken.
  std::vector<std::optional<size_t>> rank(n);
  {
    std::map<std::string, std::vector<size_t>> successors;
    for (size_t i = 0; i < n; ++i) {
      if (!inserted[i]) successors[entries[i].prev_hash].push_back(i);
    }
    size_t next_rank = 0;
    std::string cur = kGenesisHash;
    for (size_t start = 0; start <= n;) {
      auto it = successors.find(cur);
      std::optional<size_t> pick;
      if (it != successors.end()) {
        for (size_t c : it->second) {
          if (!rank[c]) {
            pick = c;
            break;
          }
        }
      }
      if (!pick) {
        while (start < n && (rank[start] || inserted[start])) ++start;
        if (start == n) break;
        pick = start;
      }
      rank[*pick] = next_rank++;
      cur = entries[*pick].entry_hash;
    }
  }
  std::map<int, int> last_seq;  // year -> last seq_in_year seen
  std::set<std::string> recorded_in_book;
  size_t expected_rank = 0;
  for (size_t i = 0; i < n; ++i) {
    const AgendaEntry& e = entries[i];
    recorded_in_book.insert(e.report);
    if (compute_hash(e) != e.entry_hash) {
      report(e, "edited — its fields no longer match the hash recorded with it");
    }
    if (inserted[i]) {
      report(e, fmt::format("inserted — {} was recorded right after {}, not after it",
                            name_of(entries[i + 1]),
                            name_of(entries[*index_of(entries[i + 1].prev_hash)])));
      continue;
    }
    const std::string& expected = i == 0 ? kGenesisHash : entries[i - 1].entry_hash;
    const auto pred = index_of(e.prev_hash);
    if (e.prev_hash != expected && !(i > 0 && inserted[i - 1] && pred && *pred + 2 == i)) {
      if (e.prev_hash != kGenesisHash && !pred) {
        const bool numbered_next = i > 0 && entries[i - 1].year == e.year &&
                                   entries[i - 1].seq_in_year + 1 == e.seq_in_year;
        if (numbered_next) {
          report(entries[i - 1],
                 fmt::format("edited and re-hashed — {} recorded a different hash for it",
                             name_of(e)));
        } else {
          report(e, "the entry recorded before it is missing from the book (deleted)");
        }
      } else if (rank[i] != expected_rank) {
        report(e, fmt::format("out of order — it was recorded right after {}",
                              pred ? name_of(entries[*pred]) : "the start of the book"));
      }
    }
    ++expected_rank;
    const int last = last_seq.contains(e.year) ? last_seq[e.year] : 0;
    if (e.seq_in_year > last + 1) {
      report(e, e.seq_in_year == last + 2
                    ? fmt::format("numbering gap — number {} of {} is missing before it", last + 1,
                                  e.year)
                    : fmt::format("numbering gap — numbers {} to {} of {} are missing before it",
                                  last + 1, e.seq_in_year - 1, e.year));
    } else if (e.seq_in_year <= last) {
      report(e, fmt::format("out of sequence — number {} of {} comes after number {}",
                            e.seq_in_year, e.year, last));
    }
    last_seq[e.year] = std::max(last, e.seq_in_year);
    const auto r = reports.find(e.report);
    if (r == reports.end()) {
      report(e, "its report is not in the report register");
    } else if (r->second.document_sha256.empty()) {
      report(e, "its report is not recorded in the report register");
    } else if (r->second.document_sha256 != e.document_sha256) {
      report(e, fmt::format("its document hash {} differs from the recorded report's {}",
                            e.document_sha256, r->second.document_sha256));
    }
  }
  for (const auto& [number, r] : reports) {
    if (!r.document_sha256.empty() && !recorded_in_book.contains(number)) {
      problems.push_back({0, "",
                          fmt::format("report {} is recorded in the report register but has no "
                                      "entry in the agenda book (deleted?)",
                                      number)});
    }
  }
  return problems;
}

}  // namespace jaga::agenda
