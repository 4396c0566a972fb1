#include "report/recommendations.h"

#include <fmt/format.h>

#include "report/labels.h"

namespace jaga::report {

std::vector<Recommendation> recommend(const Summary& s,
                                      const std::map<std::string, std::string>& host_labels) {
  const auto host = [&](const std::string& name) { return host_label(host_labels, name, "id"); };
  std::vector<Recommendation> out;
  auto add = [&](std::string code, std::string id, std::string en) {
    out.push_back({std::move(code), std::move(id), std::move(en)});
  };

  int64_t differing = 0, failed_runs = 0;
  for (const ConsistencyRun& r : s.consistency) {
    differing += static_cast<int64_t>(r.differing_rows.value_or(0));
    if (r.status != Status::kOk && !r.differing_rows.value_or(0)) ++failed_runs;
  }
  if (differing > 0) {
    add("consistency_differences",
        fmt::format("Minta administrator basis data menyelidiki {} baris yang berbeda antara "
                    "server utama dan server cadangan, lalu menyinkronkan ulang tabel yang "
                    "terdampak.",
                    differing),
        fmt::format("Investigate the {} rows that differ between the primary and the backup "
                    "server (jaga diff show) and resynchronise the affected tables.",
                    differing));
  }
  for (const Availability& a : s.availability) {
    if (a.checks > 0 && a.reached < a.checks) {
      const std::string id_server = a.server == "primary" ? "server utama" : "server cadangan";
      add("availability_" + a.server,
          fmt::format("Periksa penyebab {} tidak terjangkau dari {} ({}% tersedia).", id_server,
                      host(a.host), number_text(a.percent().value_or(0), 2, "id")),
          fmt::format("Find out why the {} server was unreachable from {} ({}% available).",
                      a.server, a.host, number_text(a.percent().value_or(0), 2, "en")));
    }
  }
  double above_crit = 0;
  int64_t stopped = 0;
  for (const LagSummary& l : s.lag) {
    above_crit += l.seconds_above_crit;
    stopped += l.without_lag;
  }
  if (above_crit > 0 || stopped > 0) {
    // Only what was seen: a clause with a zero in it reads as a finding.
    std::string id = "Periksa replikasi pada server cadangan:";
    std::string en = "Check replication on the backup server:";
    if (above_crit > 0) {
      id += fmt::format(" keterlambatan di atas batas kritis selama {}",
                        duration_text(above_crit, "id"));
      en +=
          fmt::format(" lag above the critical threshold for {}", duration_text(above_crit, "en"));
    }
    if (above_crit > 0 && stopped > 0) {
      id += ",";
      en += ",";
    }
    if (stopped > 0) {
      id += fmt::format(
          " {} pemeriksaan tanpa nilai keterlambatan (proses replikasi berhenti atau server "
          "tidak terjangkau)",
          number_text(static_cast<double>(stopped), 0, "id"));
      en += fmt::format(" {} checks without a lag (threads stopped or server unreachable)",
                        number_text(static_cast<double>(stopped), 0, "en"));
    }
    add("replication", id + ".", en + ".");
  }
  for (const VolumeSummary& v : s.volumes) {
    if (v.warn && v.min <= *v.warn) {
      add("volume_" + v.name,
          fmt::format("Tambah kapasitas atau bersihkan volume {} di {} (sisa terendah {}%).",
                      v.name, host(v.host), number_text(v.min, 1, "id")),
          fmt::format("Add capacity to or clean up volume {} on {} (lowest free {}%).", v.name,
                      v.host, number_text(v.min, 1, "en")));
    }
  }
  if (failed_runs > 0) {
    add("consistency_incomplete",
        fmt::format("{} pemeriksaan konsistensi tidak selesai; minta administrator basis data "
                    "memeriksa catatan agen dan menjalankannya ulang.",
                    failed_runs),
        fmt::format("{} consistency checks did not complete; read the log and run them again.",
                    failed_runs));
  }
  bool agent_gap = false, never_run = false;
  for (const Gap& g : s.gaps) {
    agent_gap |= g.kind == Gap::Kind::kNoResults;
    never_run |= g.kind == Gap::Kind::kNeverRun;
  }
  if (agent_gap) {
    add("evidence_gaps",
        "Pastikan agen jaga berjalan terus (minta administrator memeriksa layanan jaga); ada "
        "jeda tanpa bukti pemeriksaan.",
        "Make sure the jaga agent runs continuously (systemctl status jaga): there are periods "
        "without evidence.");
  }
  if (never_run || s.backups.taken == 0 || s.backups.restore_tests == 0) {
    add("checks_missing",
        "Jadwalkan pemeriksaan yang tidak berjalan pada periode ini (lihat bagian Kekosongan "
        "Bukti), termasuk cadangan dan uji pemulihan.",
        "Schedule the checks that did not run in this period (see Evidence Gaps), including "
        "backups and restore tests.");
  }
  if (s.security.worst != Status::kOk) {
    add("security_check",
        "Tindak lanjuti temuan pemeriksaan keamanan basis data (akun tanpa kata sandi, akun "
        "dengan host wildcard, perubahan hak akses) dan catat tindakannya.",
        "Follow up the database security findings (accounts without a password, wildcard hosts, "
        "changed grants) and record what was done.");
  }
  // "Nothing to correct" when at most the scheduling advice was found, and only where there was
  // evidence to judge by.
  const bool only_scheduling =
      out.empty() || (out.size() == 1 && out.front().code == "checks_missing");
  if (only_scheduling && s.incidents.empty() && s.results > 0) {
    out.insert(out.begin(), {"no_action", "Tidak ada tindakan perbaikan yang diperlukan.",
                             "No corrective action is needed."});
  }
  return out;
}

}  // namespace jaga::report
