// The evidence store's columns that may hold personal data, sealed at rest: each result's
// `personal` evidence and every checkpoint's state (see evidence_store.h).
#include <fmt/format.h>
#include <openssl/crypto.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <optional>
#include <vector>

#include "privacy/personal_key.h"
#include "privacy/sealed.h"
#include "store/evidence_store.h"
#include "store/result_rows.h"

namespace jaga::store {
namespace {

// What a sealed value is bound to: a value moved to another row, run or checkpoint is refused.
std::string personal_context(int64_t run_id, std::string_view check) {
  return fmt::format("jaga evidence results.personal run={} check={}", run_id, check);
}

std::string checkpoint_context(std::string_view name) {
  return fmt::format("jaga evidence checkpoints.state name={}", name);
}

// Wipes a copy of personal data before it is freed.
void wipe(std::string& s) { OPENSSL_cleanse(s.data(), s.size()); }

bool nothing_personal(const nlohmann::json& j) {
  return j.is_null() || (j.is_object() && j.empty());
}

// One value of a table to seal by migration 6.
struct Plain {
  int64_t id = 0;
  std::string context;
  std::string text;
};

}  // namespace

Result<privacy::SealKey> EvidenceStore::sealing_key(bool create) const {
  if (key_) return *key_;
  auto key = create ? privacy::read_or_create_personal_key(key_path_)
                    : privacy::read_personal_key(key_path_);
  if (key) key_ = *key;
  return key;
}

std::string EvidenceStore::personal_column(int64_t run_id, const CheckResult& r) {
  if (nothing_personal(r.personal)) return "{}";
  auto key = sealing_key(/*create=*/true);
  std::string plain = json_text(r.personal);
  Result<std::string> sealed =
      key ? privacy::seal(*key, plain, personal_context(run_id, r.check)) : key.error();
  wipe(plain);
  if (!sealed) {
    spdlog::error(
        "evidence store {}: the personal evidence (full keys) of check {} in run {} is "
        "not kept: {}",
        path_, r.check, run_id, sealed.error().message);
    return "{}";
  }
  return *sealed;
}

Result<nlohmann::json> EvidenceStore::reveal_personal(const StoredResult& r) const {
  SqlStatement s(db_.get(), "SELECT personal, run_id, check_name FROM results WHERE id = ?1");
  if (!s.ok()) return error("reading personal evidence");
  s.bind(1, r.id);
  const int rc = s.step();
  if (rc == SQLITE_DONE) {
    return Error{fmt::format("evidence store {} has no result {}", path_, r.id)};
  }
  if (rc != SQLITE_ROW) return error("reading personal evidence");
  const std::string stored = s.blob(0);
  const int64_t run_id = s.integer(1);
  if (!privacy::is_sealed(stored)) {
    nlohmann::json j = parse_json(stored);
    if (j.is_discarded()) {
      return Error{fmt::format("evidence store {}: the personal evidence of run {} is damaged",
                               path_, run_id)};
    }
    return j;
  }
  auto key = sealing_key(/*create=*/false);
  if (!key) {
    return Error{
        fmt::format("cannot reveal the full keys of run {}: {}", run_id, key.error().message)};
  }
  auto plain = privacy::unseal(*key, stored, personal_context(run_id, s.text(2)));
  if (!plain) {
    return Error{
        fmt::format("cannot reveal the full keys of run {}: the key file {} does not "
                    "open them: {}",
                    run_id, key_path_, plain.error().message)};
  }
  nlohmann::json j = parse_json(*plain);
  wipe(*plain);
  if (j.is_discarded()) {
    return Error{
        fmt::format("evidence store {}: the personal evidence of run {} opens but is "
                    "not JSON",
                    path_, run_id)};
  }
  return j;
}

std::optional<nlohmann::json> EvidenceStore::load_checkpoint(const std::string& name) const {
  SqlStatement s(db_.get(), "SELECT state FROM checkpoints WHERE name = ?1");
  if (!s.ok()) return std::nullopt;
  s.bind(1, name);
  if (s.step() != SQLITE_ROW) return std::nullopt;
  const std::string stored = s.blob(0);
  auto discard = [&](const std::string& why) -> std::optional<nlohmann::json> {
    spdlog::warn("evidence store {}: saved progress {} is not used ({}); the check starts over",
                 path_, name, why);
    return std::nullopt;
  };
  if (!privacy::is_sealed(stored)) return discard("it is not sealed");
  auto key = sealing_key(/*create=*/false);
  if (!key) return discard(key.error().message);
  auto plain = privacy::unseal(*key, stored, checkpoint_context(name));
  if (!plain) {
    return discard(
        fmt::format("the key file {} does not open it: {}", key_path_, plain.error().message));
  }
  nlohmann::json state = parse_json(*plain);
  wipe(*plain);
  if (state.is_discarded()) return discard("it opens but is not JSON");
  return state;
}

Result<void> EvidenceStore::save_checkpoint(const std::string& name, const nlohmann::json& state,
                                            TimePoint now) {
  auto key = sealing_key(/*create=*/true);
  if (!key) return Error{"cannot seal the progress: " + key.error().message};
  std::string plain = json_text(state);
  auto sealed = privacy::seal(*key, plain, checkpoint_context(name));
  wipe(plain);
  if (!sealed) return sealed.error();
  SqlStatement s(db_.get(),
                 "INSERT INTO checkpoints (name, state, updated_at) VALUES (?1, ?2, ?3) "
                 "ON CONFLICT(name) DO UPDATE SET state = excluded.state, "
                 "updated_at = excluded.updated_at");
  if (!s.ok()) return error("preparing a checkpoint");
  s.bind(1, name);
  s.bind_blob(2, *sealed);
  s.bind(3, format_utc(now));
  if (s.step() != SQLITE_DONE) return error("saving checkpoint " + name);
  return Ok();
}

Result<int64_t> EvidenceStore::seal_plaintext() {
  // Batches by id, so memory stays bounded however many results hold personal evidence.
  int64_t sealed = 0;
  for (int64_t after = 0;;) {
    std::vector<Plain> batch;
    int seen = 0;
    {
      SqlStatement s(db_.get(),
                     "SELECT id, run_id, check_name, personal FROM results WHERE id > ?1 AND "
                     "personal <> '{}' ORDER BY id LIMIT 1000");
      if (!s.ok()) return error("reading personal evidence to seal");
      s.bind(1, after);
      int rc;
      while ((rc = s.step()) == SQLITE_ROW) {
        ++seen;
        after = s.integer(0);
        std::string text = s.blob(3);
        if (privacy::is_sealed(text)) continue;
        batch.push_back({after, personal_context(s.integer(1), s.text(2)), std::move(text)});
      }
      if (rc != SQLITE_DONE) return error("reading personal evidence to seal");
    }
    if (seen == 0) break;
    if (batch.empty()) continue;
    auto key = sealing_key(/*create=*/true);
    if (!key) {
      return Error{"cannot seal the personal evidence kept in clear: " + key.error().message};
    }
    for (Plain& p : batch) {
      auto value = privacy::seal(*key, p.text, p.context);
      wipe(p.text);
      if (!value) return value.error();
      SqlStatement u(db_.get(), "UPDATE results SET personal = ?1 WHERE id = ?2");
      if (!u.ok()) return error("sealing personal evidence");
      u.bind_blob(1, *value);
      u.bind(2, p.id);
      if (u.step() != SQLITE_DONE) return error("sealing personal evidence");
      ++sealed;
    }
  }
  std::vector<Plain> states;
  {
    SqlStatement s(db_.get(), "SELECT rowid, name, state FROM checkpoints");
    if (!s.ok()) return error("reading saved progress to seal");
    while (s.step() == SQLITE_ROW) {
      std::string text = s.blob(2);
      if (!privacy::is_sealed(text)) {
        states.push_back({s.integer(0), checkpoint_context(s.text(1)), std::move(text)});
      }
    }
  }
  if (!states.empty()) {
    auto key = sealing_key(/*create=*/true);
    if (!key) return Error{"cannot seal the saved progress kept in clear: " + key.error().message};
    for (Plain& p : states) {
      auto value = privacy::seal(*key, p.text, p.context);
      wipe(p.text);
      if (!value) return value.error();
      SqlStatement u(db_.get(), "UPDATE checkpoints SET state = ?1 WHERE rowid = ?2");
      if (!u.ok()) return error("sealing saved progress");
      u.bind_blob(1, *value);
      u.bind(2, p.id);
      if (u.step() != SQLITE_DONE) return error("sealing saved progress");
      ++sealed;
    }
  }
  return sealed;
}

Result<void> EvidenceStore::erase_plaintext_remnants(int64_t sealed) {
  spdlog::warn(
      "evidence store {}: sealed {} values of personal data that an earlier jaga kept "
      "in clear, with the key file {}; rewriting the store so that no copy stays in "
      "its free pages",
      path_, sealed, key_path_);
  if (auto r = exec("VACUUM"); !r) {
    spdlog::error(
        "{}; copies of the earlier clear values may stay in free pages until `sqlite3 {} "
        "VACUUM` is run as the service user",
        r.error().message, path_);
    return Ok();
  }
  return exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

}  // namespace jaga::store
