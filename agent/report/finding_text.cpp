#include "report/finding_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <vector>

#include "core/check_names.h"
#include "print/office_words.h"
#include "privacy/key_mask.h"

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

// A parameter's figure: every figure a finding carries is a count, a size, a duration or a
// percentage, so a negative or absurd one (from a damaged store or a hostile peer) is no figure.
std::optional<double> number(const nlohmann::json& params, const char* key) {
  const auto it = params.find(key);
  if (it == params.end() || !it->is_number()) return std::nullopt;
  const double v = it->get<double>();
  return std::isfinite(v) && v >= 0 && v <= 1e15 ? std::optional<double>(v) : std::nullopt;
}

// A parameter's name: a configured or schema name ("data", "siak.biodata_wni"), so only such
// characters, never a sentence a peer made up or a run of digits that could be a key.
std::optional<std::string> text(const nlohmann::json& params, const char* key) {
  const auto it = params.find(key);
  if (it == params.end() || !it->is_string()) return std::nullopt;
  const std::string& s = it->get_ref<const std::string&>();
  const bool name = !s.empty() && s.size() <= 128 && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' ||
           c == '$';
  });
  if (!name || privacy::mask_digit_runs(s) != s) return std::nullopt;
  return s;
}

bool flag(const nlohmann::json& params, const char* key) {
  const auto it = params.find(key);
  return it != params.end() && it->is_boolean() && it->get<bool>();
}

// "tabel", "kolom", ... for a schema object's kind as object_kind_name() spells it.
std::optional<std::string> object_word(const nlohmann::json& params) {
  static const std::pair<const char*, const char*> kWords[] = {
      {"table", "tabel"},
      {"column", "kolom"},
      {"index", "indeks"},
      {"foreign key", "kunci asing"},
      {"check constraint", "batasan CHECK"},
      {"view", "view"},
      {"trigger", "trigger"},
      {"routine", "prosedur"},
      {"event", "event"}};
  const auto it = params.find("object_kind");
  if (it == params.end() || !it->is_string()) return std::nullopt;
  for (const auto& [kind, word] : kWords) {
    if (*it == kind) return word;
  }
  return std::nullopt;
}

// "Server Utama" / "Server Cadangan" for a finding's "role"; nullopt for anything else.
std::optional<std::string> place(const nlohmann::json& params) {
  const auto role = text(params, "role");
  if (role == "primary") return "Server Utama";
  if (role == "backup") return "Server Cadangan";
  return std::nullopt;
}

// "3 akun" and the like: a count of a thing.
std::string count(double n, std::string_view noun) {
  return fmt::format("{} {}", number_text(n, 0), noun);
}

// `make(a)` when `a` is known, else nullopt.
template <typename T, typename F>
std::optional<std::string> with(const std::optional<T>& a, F make) {
  if (!a) return std::nullopt;
  return make(*a);
}

template <typename T, typename U, typename F>
std::optional<std::string> with(const std::optional<T>& a, const std::optional<U>& b, F make) {
  if (!a || !b) return std::nullopt;
  return make(*a, *b);
}

std::string errno_text(const nlohmann::json& p) {
  const auto e = number(p, "errno");
  return e && *e > 0 ? fmt::format(" (galat {})", static_cast<int64_t>(*e)) : "";
}

}  // namespace

std::optional<std::string> indonesian_finding(const Finding& f) {
  using K = FindingKind;
  const nlohmann::json& p = f.params;
  switch (f.kind) {
    case K::kUnclassified:
      return std::nullopt;
    case K::kCheckFailed:
      return "pemeriksaan gagal karena kesalahan di dalam jaga";
    case K::kNoStoredResult:
      return "belum ada hasil pemeriksaan yang tersimpan";
    case K::kStaleStoredResult:
      return with(number(p, "age_seconds"), [](double s) {
        return fmt::format("hasil pemeriksaan terakhir sudah berumur {}", duration_text(s));
      });
    case K::kStoreUnusable:
      return "penyimpanan bukti jaga tidak dapat dipakai";
    case K::kServerUnreachable:
      return with(place(p),
                  [](const std::string& s) { return fmt::format("{} tidak dapat dihubungi", s); });
    case K::kServerUnreadable:
      return with(place(p), [](const std::string& s) {
        return fmt::format("keadaan {} tidak dapat dibaca", s);
      });
    case K::kServerBackupWritable:
      return "Server Cadangan dapat diubah langsung, tidak hanya melalui replikasi";
    case K::kServerPrimaryReadOnly:
      return "Server Utama hanya dapat dibaca: kantor tidak dapat mencatat data";
    case K::kServerUptimeUnknown:
      return with(place(p), [](const std::string& s) {
        return fmt::format("{} tidak melaporkan lama menyala", s);
      });
    case K::kServerRestarted:
      return with(place(p), number(p, "seconds"), [](const std::string& s, double secs) {
        return fmt::format("{} baru dinyalakan ulang {} yang lalu", s, duration_text(secs));
      });
    case K::kServerConnectionsUnknown:
      return with(place(p), [](const std::string& s) {
        return fmt::format("jumlah koneksi {} tidak diketahui", s);
      });
    case K::kServerConnections:
      return with(place(p), number(p, "percent"), [](const std::string& s, double pct) {
        return fmt::format("koneksi {} mencapai {}% dari batas", s, number_text(pct, 0));
      });
    case K::kVolumeUnreadable:
      return with(text(p, "volume"), [](const std::string& v) {
        return fmt::format("ruang kosong disk {} tidak dapat dibaca", v);
      });
    case K::kVolumeLow:
      return with(text(p, "volume"), number(p, "free_percent"),
                  [&](const std::string& v, double pct) {
                    const auto bytes = number(p, "free_bytes");
                    return fmt::format("ruang disk {} tinggal {}%{}", v, number_text(pct, 2),
                                       bytes ? " (" + print::size_text(*bytes) + ")" : "");
                  });
    case K::kServerSameId:
      return "Server Utama dan Server Cadangan memakai nomor server (server_id) yang sama";
    case K::kClockSkewUnknown:
      return "selisih jam Server Utama dan Server Cadangan tidak diketahui";
    case K::kClockSkew:
      return with(number(p, "seconds"), [](double s) {
        return fmt::format("jam Server Utama dan Server Cadangan berselisih {} detik",
                           number_text(s, 1));
      });
    case K::kReplicationUnreadable:
      return "keadaan replikasi di Server Cadangan tidak dapat dibaca";
    case K::kReplicationNotConfigured:
      return "Server Cadangan tidak menerima replikasi dari server mana pun";
    case K::kReplicationIoStopped:
      return "Server Cadangan berhenti menerima perubahan dari Server Utama" + errno_text(p);
    case K::kReplicationSqlStopped:
      return "Server Cadangan berhenti menerapkan perubahan dari Server Utama" + errno_text(p);
    case K::kReplicationSqlError:
      return "replikasi di Server Cadangan mencatat kesalahan" + errno_text(p);
    case K::kReplicationLagUnknown:
      return "Server Cadangan tidak melaporkan keterlambatan replikasinya";
    case K::kReplicationLag:
      return with(number(p, "seconds"), [](double s) {
        return fmt::format("Server Cadangan tertinggal {} dari Server Utama", duration_text(s));
      });
    case K::kReplicationNoGtid:
      return "replikasi tidak memakai GTID, sehingga transaksi yang ditulis langsung di Server "
             "Cadangan tidak dapat dikenali";
    case K::kGtidUnknown:
      return "posisi transaksi Server Utama dan Server Cadangan tidak dapat dibandingkan";
    case K::kGtidGap:
      return with(number(p, "transactions"), [](double n) {
        return fmt::format("{} belum diterapkan di Server Cadangan", count(n, "transaksi"));
      });
    case K::kErrantTransactions:
      return "ada transaksi yang ditulis langsung di Server Cadangan, tidak pernah di Server Utama";
    case K::kHeartbeatUnknown:
      return "detak replikasi tidak dapat diukur";
    case K::kHeartbeatLate:
      return with(number(p, "seconds"), [](double s) {
        return fmt::format("detak replikasi tiba di Server Cadangan setelah {}", duration_text(s));
      });
    case K::kHeartbeatMissing:
      return with(number(p, "seconds"), [](double s) {
        return fmt::format("detak replikasi belum tiba di Server Cadangan setelah {}",
                           duration_text(s));
      });
    case K::kConsistencyUnreachable:
      return "perbandingan data tidak dapat dilakukan: server atau agen jaga di server lain tidak "
             "terjangkau";
    case K::kConsistencyNoTables:
      return "tidak ada tabel yang dapat dibandingkan";
    case K::kTablesUnreadable:
      return "daftar tabel yang akan dibandingkan tidak dapat dibaca";
    case K::kSchemaNotCompared:
      return "struktur tabel kedua server tidak dibandingkan";
    case K::kSchemaDifference:
      return with(
          object_word(p), text(p, "object"), [&](const std::string& w, const std::string& o) {
            const auto absent = text(p, "absent_on");
            if (absent == "backup") return fmt::format("{} {} tidak ada di Server Cadangan", w, o);
            if (absent == "primary") return fmt::format("{} {} tidak ada di Server Utama", w, o);
            return fmt::format("{} {} berbeda antara Server Utama dan Server Cadangan", w, o);
          });
    case K::kTableMissingOnBackup:
      return with(text(p, "table"), [](const std::string& t) {
        return fmt::format("tabel {} tidak ada di Server Cadangan", t);
      });
    case K::kTableNotCompared:
      return with(text(p, "table"), [](const std::string& t) {
        return fmt::format("tabel {} tidak dibandingkan", t);
      });
    case K::kRowsDiffer:
      return with(text(p, "table"), number(p, "rows"), [](const std::string& t, double n) {
        return fmt::format("{} tabel {} berbeda antara Server Utama dan Server Cadangan",
                           count(n, "baris"), t);
      });
    case K::kComparisonStopped:
      return with(number(p, "compared"), number(p, "planned"), [&](double done, double all) {
        const bool kept = flag(p, "progress_kept");
        return fmt::format(
            "perbandingan terhenti setelah {} dari {} tabel; {}", number_text(done, 0),
            number_text(all, 0),
            kept ? "pemeriksaan berikutnya melanjutkannya" : "kemajuannya tidak tersimpan");
      });
    case K::kComparisonIncomplete:
      return with(number(p, "compared"), number(p, "planned"), [](double done, double all) {
        return fmt::format("hanya {} dari {} tabel yang dibandingkan", number_text(done, 0),
                           number_text(all, 0));
      });
    case K::kProgressNotSaved:
      return "kemajuan perbandingan tidak dapat disimpan";
    case K::kSecurityNotChecked:
      return with(place(p), [](const std::string& s) {
        return fmt::format("keamanan {} tidak dapat diperiksa", s);
      });
    case K::kSecurityGrantsUnreadable:
      return with(place(p), [](const std::string& s) {
        return fmt::format("daftar akun {} tidak dapat dibaca", s);
      });
    case K::kSecurityAnonymousAccounts:
      return with(place(p), number(p, "accounts"), [](const std::string& s, double n) {
        return fmt::format("{} tanpa nama di {}: siapa pun dapat masuk", count(n, "akun"), s);
      });
    case K::kSecurityPasswordlessAccounts:
      return with(place(p), number(p, "accounts"), [](const std::string& s, double n) {
        return fmt::format("{} tanpa kata sandi di {}", count(n, "akun"), s);
      });
    case K::kSecurityRemoteRoot:
      return with(place(p), [](const std::string& s) {
        return fmt::format("akun root {} dapat masuk dari komputer lain", s);
      });
    case K::kSecurityWildcardAccounts:
      return with(place(p), number(p, "accounts"), [](const std::string& s, double n) {
        return fmt::format("{} di {} terbuka untuk banyak komputer", count(n, "akun"), s);
      });
    case K::kSecurityGrantsChanged:
      return with(place(p), [&](const std::string& s) {
        const auto added = number(p, "added");
        const auto removed = number(p, "removed");
        const auto changed = number(p, "changed");
        return fmt::format(
            "hak akses akun di {} berubah sejak pemeriksaan sebelumnya{}", s,
            added && removed && changed
                ? fmt::format(" (bertambah {}, dihapus {}, diubah {})", number_text(*added, 0),
                              number_text(*removed, 0), number_text(*changed, 0))
                : "");
      });
    case K::kSecurityGrantsNotKept:
      return "hak akses akun tidak dapat disimpan untuk dibandingkan pada pemeriksaan berikutnya";
    case K::kSecurityReplicationUnreadable:
      return "pengaturan replikasi Server Cadangan tidak dapat dibaca";
    case K::kSecurityReplicationNoTls:
      return "replikasi tidak terenkripsi: data penduduk melintasi jaringan tanpa pengamanan";
    case K::kBackupNone:
      return with(text(p, "set"), [](const std::string& s) {
        return fmt::format("tidak ada cadangan pada kelompok cadangan {}", s);
      });
    case K::kBackupTooOld:
      return with(text(p, "set"), number(p, "age_seconds"), [](const std::string& s, double a) {
        return fmt::format("cadangan terbaru kelompok {} sudah berumur {}", s, duration_text(a));
      });
    case K::kBackupSizeSuspect:
      return with(text(p, "set"), [](const std::string& s) {
        return fmt::format(
            "ukuran cadangan terbaru kelompok {} mencurigakan (kosong atau jauh lebih kecil dari "
            "sebelumnya)",
            s);
      });
    case K::kBackupNotVerified:
      return with(text(p, "set"), [](const std::string& s) {
        return fmt::format("cadangan terbaru kelompok {} tidak lulus pemeriksaan isi", s);
      });
    case K::kBackupVerifyNote:
      return with(text(p, "set"), [](const std::string& s) {
        return fmt::format(
            "isi cadangan terbaru kelompok {} utuh, dengan catatan yang perlu diperiksa "
            "(misalnya manifes tanpa tanda tangan atau berkas di luar manifes)",
            s);
      });
    case K::kBackupOffhostCopyBad:
      return with(text(p, "set"), [](const std::string& s) {
        return fmt::format("salinan cadangan kelompok {} di luar server tidak utuh", s);
      });
    case K::kBackupPartialsIgnored:
      return with(text(p, "set"), number(p, "count"), [](const std::string& s, double n) {
        return fmt::format("{} tidak selesai pada kelompok {} diabaikan", count(n, "cadangan"), s);
      });
    case K::kBackupFailed:
      return "pembuatan cadangan gagal";
    case K::kBackupLeftoverRemoved:
      return "sisa cadangan yang tidak selesai dihapus";
    case K::kRestoreFailed:
      return "uji pemulihan cadangan gagal";
    case K::kRestoreTableDiffers:
      return with(text(p, "table"), [](const std::string& t) {
        return fmt::format("tabel {} hasil pemulihan berbeda dari aslinya", t);
      });
    case K::kRestoreNotProven:
      return "sebagian hasil pemulihan tidak dapat dibuktikan sama";
    case K::kReportFailed:
      return with(text(p, "report"), [](const std::string& r) {
        const char* name = r == "daily"     ? "harian "
                           : r == "weekly"  ? "mingguan "
                           : r == "monthly" ? "bulanan "
                                            : "";
        return fmt::format("penyusunan laporan {}gagal", name);
      });
    case K::kPeerUnreachable:
      return with(number(p, "seconds"), [](double s) {
        return fmt::format("server lain tidak dapat dihubungi selama {}", duration_text(s));
      });
    case K::kPeerReachable:
      return "server lain dapat dihubungi kembali";
    case K::kWitnessRefused:
      return "saksi Buku Agenda menolak perubahan atau pemotongan buku";
    case K::kWitnessHolds:
      return "saksi Buku Agenda memegang buku kembali";
  }
  return std::nullopt;
}

std::string indonesian_result(std::string_view check, Status status, std::string_view findings,
                              const MetricList& metrics) {
  if (status == Status::kOk) return indonesian_summary(check, status, metrics);
  const auto j = nlohmann::json::parse(findings, nullptr, /*allow_exceptions=*/false);
  std::vector<std::string> said;
  if (j.is_array()) {
    for (const auto& item : j) {
      const auto f = finding_from_json(item);
      if (!f || f->status != status) continue;
      const auto sentence = indonesian_finding(*f);
      if (!sentence) return indonesian_summary(check, status, metrics);
      if (std::find(said.begin(), said.end(), *sentence) == said.end()) said.push_back(*sentence);
    }
  }
  if (said.empty()) return indonesian_summary(check, status, metrics);
  return join(said);
}

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
