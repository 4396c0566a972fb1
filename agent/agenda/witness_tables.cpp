#include "agenda/witness_tables.h"

#include <fmt/format.h>

#include "store/sqlite_statement.h"

namespace jaga::agenda {

Result<std::vector<ChainLink>> held_links(const store::EvidenceStore& store,
                                          const std::string& book) {
  auto s = store.statement(
      "SELECT position, prev_hash, entry_hash FROM agenda_witness WHERE book = ?1 "
      "ORDER BY position");
  if (!s.ok()) return store.sql_error("reading the witnessed agenda links");
  s.bind(1, book);
  std::vector<ChainLink> links;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) links.push_back({s.integer(0), s.text(1), s.text(2)});
  if (rc != SQLITE_DONE) return store.sql_error("reading the witnessed agenda links");
  return links;
}

Result<std::optional<std::string>> witness_links(store::EvidenceStore& store,
                                                 const std::string& book,
                                                 const std::vector<ChainLink>& pushed,
                                                 TimePoint now) {
  auto tx = store.transaction();
  if (!tx.began()) return store.sql_error("witnessing agenda links");
  auto held = held_links(store, book);
  if (!held) return held.error();
  if (auto refusal = witness_refusal(*held, pushed)) return refusal;
  auto insert = store.statement(
      "INSERT OR IGNORE INTO agenda_witness (book, position, prev_hash, "
      "entry_hash, received_at) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!insert.ok()) return store.sql_error("witnessing agenda links");
  const std::string received = format_utc(now);
  for (const ChainLink& l : pushed) {
    insert.reset();
    insert.bind(1, book);
    insert.bind(2, l.position);
    insert.bind(3, l.prev_hash);
    insert.bind(4, l.entry_hash);
    insert.bind(5, received);
    if (insert.step() != SQLITE_DONE) return store.sql_error("witnessing agenda links");
  }
  if (!tx.commit()) return store.sql_error("witnessing agenda links");
  return std::optional<std::string>();
}

Result<std::optional<ChainLink>> last_acknowledged(const store::EvidenceStore& store,
                                                   const std::string& peer) {
  auto s = store.statement(
      "SELECT position, prev_hash, entry_hash FROM agenda_witness_acks WHERE "
      "peer = ?1");
  if (!s.ok()) return store.sql_error("reading the agenda witness's acknowledgement");
  s.bind(1, peer);
  const int rc = s.step();
  if (rc == SQLITE_DONE) return std::optional<ChainLink>();
  if (rc != SQLITE_ROW) return store.sql_error("reading the agenda witness's acknowledgement");
  return std::optional<ChainLink>(ChainLink{s.integer(0), s.text(1), s.text(2)});
}

Result<void> keep_acknowledged(store::EvidenceStore& store, const std::string& peer,
                               const ChainLink& link, TimePoint now) {
  auto s = store.statement(
      "INSERT INTO agenda_witness_acks (peer, position, prev_hash, entry_hash, "
      "acknowledged_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(peer) DO UPDATE "
      "SET position = excluded.position, prev_hash = excluded.prev_hash, "
      "entry_hash = excluded.entry_hash, acknowledged_at = "
      "excluded.acknowledged_at");
  if (!s.ok()) return store.sql_error("keeping the agenda witness's acknowledgement");
  s.bind(1, peer);
  s.bind(2, link.position);
  s.bind(3, link.prev_hash);
  s.bind(4, link.entry_hash);
  s.bind(5, format_utc(now));
  if (s.step() != SQLITE_DONE) {
    return store.sql_error("keeping the agenda witness's acknowledgement");
  }
  return Ok();
}

}  // namespace jaga::agenda
