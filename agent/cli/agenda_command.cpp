// `jaga agenda list|verify|export`: the agenda book (Buku Agenda, SOP-PIAK-07 step 6).
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "agenda/agenda_book.h"
#include "agenda/agenda_export.h"
#include "agenda/agenda_witness.h"
#include "cli/chain_environment.h"
#include "cli/commands.h"
#include "core/durable_file.h"
#include "peer/peer_client.h"
#include "sign/agent_key.h"
#include "sign/certificate_info.h"
#include "sign/signer_registry.h"
#include "workflow/agenda_audit.h"

namespace jaga::cli {
namespace {

struct AgendaOptions {
  int year = 0;  // 0: every year
  std::string format = "text";
  std::string out;
};

Result<std::vector<agenda::AgendaEntry>> entries_of(const ChainEnvironment& env, int year) {
  return agenda::list_entries(*env.evidence, year ? std::optional<int>(year) : std::nullopt);
}

int run_list(const CommandContext& c, const AgendaOptions& o) {
  auto env = open_chain_environment(*c.config);
  if (!env) return fail(env.error().message);
  auto entries = entries_of(*env, o.year);
  if (!entries) return fail(entries.error().message);
  if (o.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const agenda::AgendaEntry& e : *entries) {
      out.push_back(
          {{"position", e.position},
           {"agenda_number", e.agenda_number},
           {"year", e.year},
           {"recorded_at", e.recorded_at},
           {"report", e.report},
           {"period", {{"kind", e.period_kind}, {"start", e.period_start}, {"end", e.period_end}}},
           {"document_sha256", e.document_sha256},
           {"signers", e.signers},
           {"prev_hash", e.prev_hash},
           {"entry_hash", e.entry_hash}});
    }
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("Buku Agenda: %zu entr%s\n", entries->size(), entries->size() == 1 ? "y" : "ies");
  for (const agenda::AgendaEntry& e : *entries) {
    std::printf("%-16s %s  %-20s %s %s..%s  document %s\n    signed by: %s\n",
                e.agenda_number.c_str(), e.recorded_at.c_str(), e.report.c_str(),
                e.period_kind.c_str(), e.period_start.c_str(), e.period_end.c_str(),
                e.document_sha256.c_str(), fmt::format("{}", fmt::join(e.signers, ", ")).c_str());
  }
  return 0;
}

// The chains in the register signed twice by one person. Signers are named by the PKI's
// registry; without it (unreadable), by the names recorded with the steps, and a note says so.
Result<std::vector<std::string>> four_eyes_of(const CommandContext& c,
                                              const ChainEnvironment& env) {
  auto registry = sign::SignerRegistry::load(c.config->pki.dir);
  if (!registry) {
    std::fprintf(stderr,
                 "jaga: note: signers compared by the names recorded with the steps only: %s\n",
                 registry.error().message.c_str());
  }
  const sign::SignerRegistry* known = registry ? &*registry : nullptr;
  return workflow::audit_four_eyes(
      *env.reports, [known](std::string_view fingerprint) -> const sign::SignerRecord* {
        return known ? known->find_fingerprint(fingerprint) : nullptr;
      });
}

// The book against each witness ([[peer.peers]] with a url, on the coordinator): printed, and
// the worst status. Without a witness the book is checked against itself only: WARN.
Status check_witnesses(const config::PeerConfig& peer,
                       const std::vector<agenda::AgendaEntry>& entries) {
  std::vector<const config::PeerEntry*> witnesses;
  if (peer.enabled && peer.role == config::PeerRole::kCoordinator) {
    for (const config::PeerEntry& p : peer.peers) {
      if (!p.url.empty()) witnesses.push_back(&p);
    }
  }
  if (witnesses.empty()) {
    std::printf(
        "witness: WARN: none configured ([peer] role = \"coordinator\" with a [[peer.peers]] "
        "url); a rewrite of the whole book from some entry on cannot be told from the book "
        "itself\n");
    return Status::kWarn;
  }
  Status worst = Status::kOk;
  for (const config::PeerEntry* w : witnesses) {
    auto client = peer::PeerClient::create(peer, *w);
    auto held =
        client ? (*client)->witnessed() : Result<std::vector<agenda::ChainLink>>(client.error());
    if (!held) {
      std::printf("witness %s: UNKNOWN: cannot be asked: %s\n", w->name.c_str(),
                  held.error().message.c_str());
      worst = worse(worst, Status::kUnknown);
      continue;
    }
    const agenda::WitnessVerdict verdict = agenda::compare_with_witness(entries, *held, w->name);
    for (const std::string& line : verdict.lines) {
      std::printf("witness %s: %s\n", w->name.c_str(), line.c_str());
    }
    worst = worse(worst, verdict.status);
  }
  return worst;
}

// Each entry's signature by the agent that recorded it: over its hash, by this agent's own
// certificate, chaining to peer.ca. An entry without one is not proven: it was recorded before
// the agent had a key, or its signature was removed (CRIT when an entry before it is signed).
// Printed; the worst status.
Status check_entry_signatures(const config::PeerConfig& peer,
                              const std::vector<agenda::AgendaEntry>& entries, TimePoint now) {
  if (!sign::has_agent_key(peer) || peer.ca.empty()) {
    std::printf(
        "agent signatures: not checked: this agent has no key ([peer] cert, key and ca, from "
        "`jaga pki issue-agent`)\n");
    return Status::kOk;
  }
  auto checker = sign::AgentSignatureChecker::load(peer);
  if (!checker) {
    std::printf("agent signatures: UNKNOWN: %s\n", checker.error().message.c_str());
    return Status::kUnknown;
  }
  Status worst = Status::kOk;
  size_t signed_count = 0;
  size_t unsigned_before = 0;
  for (const agenda::AgendaEntry& e : entries) {
    const std::string name =
        fmt::format("entry {} (agenda number {})", e.position, e.agenda_number);
    if (e.agent_signature.empty()) {
      if (signed_count == 0) {
        ++unsigned_before;
        continue;
      }
      std::printf(
          "agent signatures: CRIT: %s carries no signature although entries before it "
          "do: it was removed, or the entry was added by hand\n",
          name.c_str());
      worst = Status::kCrit;
      continue;
    }
    ++signed_count;
    auto checked = checker->check(e.entry_hash, e.agent_signature, now);
    std::string problem = checked ? checked->problem : checked.error().message;
    if (problem.empty() && !checker->is_own(checked->cms.signer.get())) {
      problem = fmt::format("signed by \"{}\" (SHA-256 {}), not by this agent (peer.cert)",
                            sign::describe(checked->cms.signer.get()).common_name,
                            sign::fingerprint(checked->cms.signer.get()));
    }
    if (!problem.empty()) {
      std::printf("agent signatures: CRIT: %s: %s\n", name.c_str(), problem.c_str());
      worst = Status::kCrit;
    }
  }
  if (unsigned_before > 0) {
    std::printf(
        "agent signatures: WARN: the first %zu entr%s carry no signature (recorded before this "
        "agent had a key, or removed)\n",
        unsigned_before, unsigned_before == 1 ? "y" : "ies");
    worst = worse(worst, Status::kWarn);
  }
  if (worst == Status::kOk) {
    std::printf("agent signatures: OK: %zu entr%s signed by this agent\n", signed_count,
                signed_count == 1 ? "y" : "ies");
  }
  return worst;
}

int run_verify(const CommandContext& c) {
  auto env = open_chain_environment(*c.config);
  if (!env) return fail(env.error().message);
  auto entries = entries_of(*env, 0);
  if (!entries) return fail(entries.error().message);
  auto problems = workflow::audit_agenda(*env->reports);
  if (!problems) return fail(problems.error().message);
  auto twice = four_eyes_of(c, *env);
  if (!twice) return fail(twice.error().message);
  if (problems->empty()) {
    std::printf(
        "hash chain and register agree: %zu entr%s, chain head %s\n", entries->size(),
        entries->size() == 1 ? "y" : "ies",
        entries->empty() ? agenda::kGenesisHash.c_str() : entries->back().entry_hash.c_str());
  } else {
    std::printf("agenda book TAMPERED: %zu problem(s)\n", problems->size());
    for (const agenda::Problem& p : *problems) std::printf("  %s\n", p.what.c_str());
  }
  if (!twice->empty()) {
    std::printf(
        "four-eyes rule broken (prinsip empat mata): %zu step(s) signed by a person who "
        "had signed the same report version before\n",
        twice->size());
    for (const std::string& t : *twice) std::printf("  %s\n", t.c_str());
  }
  Status overall = problems->empty() && twice->empty() ? Status::kOk : Status::kCrit;
  overall = worse(overall, check_entry_signatures(c.config->peer, *entries, c.clock.now()));
  overall = worse(overall, check_witnesses(c.config->peer, *entries));
  switch (overall) {
    case Status::kOk:
      std::printf("Overall: OK: agenda book intact and witnessed\n");
      break;
    case Status::kWarn:
      std::printf("Overall: WARN: agenda book not proven intact: not (yet) witnessed\n");
      break;
    case Status::kUnknown:
      std::printf("Overall: UNKNOWN: agenda book not proven intact: the witness cannot be asked\n");
      break;
    case Status::kCrit:
      std::printf("Overall: CRIT: agenda book TAMPERED or signed against the rules\n");
      break;
  }
  return exit_code(overall);
}

int run_export(const CommandContext& c, const AgendaOptions& o) {
  auto env = open_chain_environment(*c.config);
  if (!env) return fail(env.error().message);
  auto entries = entries_of(*env, o.year);
  if (!entries) return fail(entries.error().message);
  const UtcOffset& zone = c.config->schedule.zone;
  if (o.format == "csv") {
    if (auto written = replace_file(o.out, agenda::to_csv(*entries, zone), 0640); !written) {
      return fail(written.error().message);
    }
  } else {
    agenda::BookTitle title{c.config->agent.host_name, env->definition.id,
                            o.year ? std::to_string(o.year) : "semua tahun"};
    auto written = agenda::write_pdf(*entries, title, zone, o.out);
    if (!written) return fail(written.error().message);
  }
  std::printf("%s: %zu entries\n", o.out.c_str(), entries->size());
  return 0;
}

}  // namespace

void add_agenda_commands(CLI::App& app, Commands& commands) {
  CLI::App* agenda = app.add_subcommand(
      "agenda", "The agenda book (Buku Agenda): recorded reports in a hash chain");
  agenda->require_subcommand(1);
  auto o = std::make_shared<AgendaOptions>();

  CLI::App* list = agenda->add_subcommand("list", "List the agenda book's entries");
  list->add_option("--year", o->year, "Only this year's entries")->check(CLI::Range(1970, 9999));
  list->add_option("-f,--format", o->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  commands.push_back({list, [o](const CommandContext& c) { return run_list(c, *o); }});

  CLI::App* verify = agenda->add_subcommand(
      "verify",
      "Check the hash chain, the report register and the witness (the backup host's agent); name "
      "every edited, deleted, inserted or reordered entry, a rewrite or truncation the witness "
      "saw, and every report version one person signed twice. Exit 0 intact and witnessed, 1 "
      "not (yet) witnessed, 2 tampered, 3 witness unreachable");
  commands.push_back({verify, [](const CommandContext& c) { return run_verify(c); }});

  CLI::App* exp = agenda->add_subcommand("export", "Write the printable book (PDF) or CSV");
  exp->add_option("-f,--format", o->format, "csv or pdf")
      ->check(CLI::IsMember({"csv", "pdf"}))
      ->required();
  exp->add_option("--out", o->out, "Output file")->required();
  exp->add_option("--year", o->year, "Only this year's entries")->check(CLI::Range(1970, 9999));
  commands.push_back({exp, [o](const CommandContext& c) { return run_export(c, *o); }});
}

}  // namespace jaga::cli
