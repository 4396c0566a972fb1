#include "report/finding_text.h"

#include <fmt/format.h>

#include <vector>

#include "core/check_names.h"
#include "print/office_words.h"

namespace jaga::report {
namespace {

using print::duration_text;
using print::number_text;

bool past(const MetricValue& m, bool low_is_bad = false) {
  const auto beyond = [&](std::optional<double> t) {
    return t && (low_is_bad ? m.value <= *t : m.value >= *t);
  };
  return beyond(m.warn) || beyond(m.crit);
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

std::string replication(Status status, const MetricList& metrics) {
  std::vector<std::string> parts;
  if (const auto* lag = metrics.find("replication_lag"); lag && past(*lag)) {
    parts.push_back(
        fmt::format("Server Cadangan tertinggal {} dari Server Utama", duration_text(lag->value)));
  }
  if (const auto* gap = metrics.find("gtid_gap"); gap && gap->value > 0) {
    parts.push_back(fmt::format("{} transaksi belum diterapkan di Server Cadangan",
                                number_text(gap->value, 0)));
  }
  if (const auto* beat = metrics.find("heartbeat_lag"); beat && past(*beat)) {
    parts.push_back(fmt::format("detak replikasi terlambat {}", duration_text(beat->value)));
  }
  if (!parts.empty()) return join(parts);
  if (metrics.find("replication_lag") == nullptr && status != Status::kUnknown) {
    return "replikasi terhenti: Server Cadangan tidak menerima atau tidak menerapkan perubahan";
  }
  return status == Status::kWarn ? "replikasi perlu diperiksa" : "replikasi bermasalah";
}

std::string server(const MetricList& metrics) {
  std::vector<std::string> parts;
  for (const MetricValue& m : metrics.values()) {
    const std::string_view name = m.name;
    if (name.starts_with("volume_") && name.ends_with("_free") && past(m, true)) {
      const std::string_view volume = name.substr(7, name.size() - 12);
      parts.push_back(fmt::format("ruang disk {} tinggal {}%", volume, number_text(m.value, 2)));
    } else if (name.ends_with("_connections") && past(m)) {
      parts.push_back(fmt::format("koneksi {} mencapai {}% dari batas",
                                  name.starts_with("primary") ? "Server Utama" : "Server Cadangan",
                                  number_text(m.value, 0)));
    }
  }
  if (!parts.empty()) return join(parts);
  return "server tidak dapat dihubungi atau tidak berjalan semestinya";
}

}  // namespace

std::string indonesian_summary(std::string_view check, Status status, const MetricList& metrics) {
  if (status == Status::kOk) return "normal";
  if (status == Status::kUnknown) {
    return "tidak dapat diperiksa (server tidak terjangkau atau pemeriksaan tidak selesai); "
           "rinciannya ada di berkas JSON laporan";
  }
  if (check == check_names::kReplication) return replication(status, metrics);
  if (check == check_names::kServer) return server(metrics);
  if (check == check_names::kConsistency) {
    if (const auto* d = metrics.find("differing_rows"); d && d->value > 0) {
      return fmt::format("{} baris berbeda antara Server Utama dan Server Cadangan",
                         number_text(d->value, 0));
    }
    return "pemeriksaan konsistensi tidak selesai";
  }
  if (check == check_names::kBackups) {
    if (const auto* age = metrics.find("newest_backup_age_seconds"); age && past(*age)) {
      return fmt::format("cadangan terbaru sudah berumur {}", duration_text(age->value));
    }
    return "cadangan tidak lulus pemeriksaan (ukuran, isi atau salinan di luar server)";
  }
  if (check == check_names::kSecurity) {
    return "ditemukan akun atau hak akses basis data yang tidak aman atau berubah";
  }
  if (check == "backup") return "pembuatan cadangan gagal";
  if (check == "restore_test") return "uji pemulihan cadangan gagal";
  if (check == "peer") return "server lain tidak dapat dihubungi";
  if (check == "agenda_witness") return "saksi Buku Agenda menolak perubahan atau pemotongan buku";
  if (check == "report") return "penyusunan laporan gagal";
  return status == Status::kWarn ? "perlu diperiksa" : "bermasalah";
}

}  // namespace jaga::report
