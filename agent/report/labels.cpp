#include "report/labels.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <tuple>
#include <utility>

namespace jaga::report {
namespace {

// key -> {Indonesian, English}
const std::map<std::string_view, std::pair<const char*, const char*>> kLabels = {
    {"title.daily", {"LAPORAN HARIAN", "DAILY REPORT"}},
    {"title.weekly", {"LAPORAN MINGGUAN", "WEEKLY REPORT"}},
    {"title.monthly", {"LAPORAN BULANAN", "MONTHLY REPORT"}},
    {"subtitle",
     {"Pemantauan Database Kependudukan, Replikasi dan Cadangan",
      "Monitoring of the Population Database, Replication and Backups"}},
    {"number", {"Nomor", "Number"}},
    {"period", {"Periode", "Period"}},
    {"drafted", {"Disusun", "Drafted"}},
    {"by_agent", {"oleh agen jaga di", "by the jaga agent on"}},
    {"agenda_head", {"Buku Agenda", "Agenda book"}},
    {"agenda_head.after",
     {"disusun setelah entri ke-{} (No. Agenda {}, hash {})",
      "drafted after entry {} (agenda number {}, hash {})"}},
    {"agenda_head.empty", {"disusun sebelum entri pertama", "drafted before the first entry"}},
    {"page", {"Halaman {} dari {}", "Page {} of {}"}},
    {"s.summary", {"Ringkasan", "Summary"}},
    {"s.availability", {"Ketersediaan Server", "Server Availability"}},
    {"s.replication", {"Replikasi", "Replication"}},
    {"s.consistency", {"Konsistensi Data", "Data Consistency"}},
    {"s.backups", {"Cadangan dan Uji Pemulihan", "Backups and Restore Tests"}},
    {"s.volumes", {"Ruang Disk", "Disk Space"}},
    {"s.security", {"Keamanan", "Security"}},
    {"s.days", {"Ringkasan Harian", "Daily Summary"}},
    {"s.incidents", {"Kronologi Insiden", "Incident Timeline"}},
    {"s.gaps", {"Kekosongan Bukti", "Evidence Gaps"}},
    {"s.recommendations", {"Rekomendasi Tindakan", "Recommended Actions"}},
    {"item", {"Uraian", "Item"}},
    {"this_period", {"Periode ini", "This period"}},
    {"previous", {"Periode sebelumnya", "Previous period"}},
    {"change", {"Perubahan", "Change"}},
    {"value", {"Nilai", "Value"}},
    {"h.primary", {"Ketersediaan server utama", "Primary server availability"}},
    {"h.backup", {"Ketersediaan server cadangan", "Backup server availability"}},
    {"h.lag_p95", {"Keterlambatan replikasi (persentil 95)", "Replication lag (95th percentile)"}},
    {"h.lag_max", {"Keterlambatan replikasi maksimum", "Maximum replication lag"}},
    {"h.above_warn",
     {"Waktu keterlambatan di atas batas peringatan", "Time with lag above warning"}},
    {"h.incidents", {"Jumlah insiden", "Incidents"}},
    {"h.consistency_runs", {"Pemeriksaan konsistensi", "Consistency checks"}},
    {"h.differing", {"Baris berbeda", "Differing rows"}},
    {"h.backups", {"Cadangan dibuat", "Backups taken"}},
    {"h.gaps", {"Waktu tanpa bukti", "Time without evidence"}},
    {"host", {"Diperiksa dari", "Checked from"}},
    {"server", {"Server", "Server"}},
    {"primary", {"Utama", "Primary"}},
    {"backup", {"Cadangan", "Backup"}},
    {"checks", {"Pemeriksaan", "Checks"}},
    {"reached", {"Terjangkau", "Reached"}},
    {"availability", {"Ketersediaan", "Availability"}},
    {"samples", {"Sampel", "Samples"}},
    {"median", {"Median", "Median"}},
    {"p95", {"P95", "P95"}},
    {"max", {"Maks.", "Max."}},
    {"above_warn", {"> batas peringatan", "> WARN"}},
    {"above_crit", {"> batas kritis", "> CRIT"}},
    {"no_lag", {"Tanpa nilai keterlambatan", "No lag"}},
    {"lag_chart",
     {"Keterlambatan replikasi tertinggi (detik)", "Highest replication lag (seconds)"}},
    {"free_chart", {"Ruang kosong terendah (%)", "Lowest free space (%)"}},
    {"time", {"Waktu", "Time"}},
    {"status", {"Status", "Status"}},
    {"rows", {"Baris dibandingkan", "Rows compared"}},
    {"differing", {"Berbeda", "Differing"}},
    {"findings", {"Temuan", "Findings"}},
    {"volume", {"Volume", "Volume"}},
    {"first", {"Awal", "First"}},
    {"last", {"Akhir", "Last"}},
    {"lowest", {"Terendah", "Lowest"}},
    {"warn_at", {"Batas peringatan", "WARN at"}},
    {"date", {"Tanggal", "Date"}},
    {"results", {"Hasil", "Results"}},
    {"consistency", {"Konsistensi", "Consistency"}},
    {"incidents_short", {"Insiden", "Incidents"}},
    {"gap", {"Tanpa bukti", "No evidence"}},
    {"no_data", {"tanpa data", "no data"}},
    {"verdict", {"KESIMPULAN", "VERDICT"}},
    {"verdict.unassessed",
     {" (bukti tidak lengkap pada {} area)", " (evidence incomplete in {} area(s))"}},
    {"start", {"Mulai", "Start"}},
    {"end", {"Selesai", "End"}},
    {"duration", {"Durasi", "Duration"}},
    {"check", {"Pemeriksaan", "Check"}},
    {"summary", {"Keterangan", "Description"}},
    {"ongoing", {"berlanjut", "ongoing"}},
    {"kind", {"Jenis", "Kind"}},
    {"gap.no_results", {"tidak ada hasil diterima", "agent sent no results"}},
    {"gap.never_run", {"tidak pernah dijalankan", "never run"}},
    {"backup_size_chart",
     {"Ukuran cadangan terbesar per hari (MiB)", "Largest backup per day (MiB)"}},
    {"restore_chart",
     {"Uji pemulihan terlama per hari (detik)", "Longest restore test per day (seconds)"}},
    {"chart.no_data",
     {"Bidang abu-abu: tanpa data (tidak ada hasil pemeriksaan).",
      "Grey areas: no data (no check results)."}},
    {"chart.above_scale", {"{} berada di atas skala grafik.", "{} is above the chart's scale."}},
    {"gap.whole_period", {"sepanjang periode", "the whole period"}},
    {"gap.any_check",
     {"paling sedikit satu pemeriksaan tanpa hasil", "at least one check without results"}},
    {"gap.count", {"Kali", "Times"}},
    {"gap.longest", {"Terpanjang", "Longest"}},
    {"gap.total", {"Jumlah", "Total"}},
    {"none", {"Tidak ada.", "None."}},
    {"no_evidence",
     {"Tidak ada bukti dalam periode ini (kekosongan bukti).",
      "No evidence in this period (an evidence gap)."}},
    {"security_gap",
     {"Pemeriksaan keamanan tidak dijalankan dalam periode ini (lihat Kekosongan Bukti).",
      "The security check did not run in this period (see Evidence Gaps)."}},
    {"security_runs", {"pemeriksaan keamanan", "security checks"}},
    {"security_worst", {"status terburuk", "worst status"}},
    {"b.status_checks", {"Pemeriksaan status cadangan", "Backup status checks"}},
    {"b.newest_age", {"Umur cadangan terbaru (terburuk)", "Age of newest backup (worst)"}},
    {"b.taken", {"Cadangan dibuat / berhasil", "Backups taken / succeeded"}},
    {"b.bytes", {"Ukuran total", "Total size"}},
    {"b.longest", {"Durasi terlama", "Longest duration"}},
    {"b.restore", {"Uji pemulihan / lulus", "Restore tests / passed"}},
    {"b.recovery", {"Waktu pemulihan (median / maks.)", "Recovery time (median / max.)"}},
    {"more", {"... dan {} lainnya (lihat berkas JSON)", "... and {} more (see the JSON file)"}},
    {"sig.apk", {"Dibuat oleh,\nAdministrator APK", "Prepared by,\nAPK Administrator"}},
    {"sig.sub_koord", {"Diperiksa oleh,\nSub Koordinator", "Checked by,\nSub-coordinator"}},
    {"sig.kabid", {"Mengetahui,\nKepala Bidang", "Acknowledged by,\nHead of Division"}},
    {"nip", {"NIP.", "NIP"}},
    {"place_date", {"Disusun pada {}", "Drafted on {}"}},
    {"sig.electronic",
     {"Tanda tangan elektronik para pejabat dibubuhkan pada Lembar Pengesahan, halaman terakhir "
      "dokumen final.",
      "The officials sign electronically on the approval page, the final document's last page."}},
    {"other_host", {"server lain", "another server"}},
    {"warn_line", {"batas peringatan {:.0f}", "WARN {:.0f}"}},
    {"crit_line", {"batas kritis {:.0f}", "CRIT {:.0f}"}},
    {"check.server", {"Server", "Server"}},
    {"check.replication", {"Replikasi", "Replication"}},
    {"check.consistency", {"Konsistensi data", "Data consistency"}},
    {"check.backups", {"Cadangan", "Backups"}},
    {"check.backup", {"Pembuatan cadangan", "Backup run"}},
    {"check.report", {"Penyusunan laporan", "Report drafting"}},
    {"check.restore_test", {"Uji pemulihan", "Restore test"}},
    {"check.security", {"Keamanan", "Security"}},
    {"check.peer", {"Koneksi ke server lain", "Peer link"}},
    {"check.agenda_witness", {"Saksi Buku Agenda", "Agenda book witness"}},
};

bool english(std::string_view language) { return language == "en"; }

const char* month_name(Date d, std::string_view language) {
  return print::month_name(static_cast<unsigned>(d.month()), language);
}

}  // namespace

std::string tr(std::string_view language, std::string_view key) {
  auto it = kLabels.find(key);
  if (it == kLabels.end()) return std::string(key);
  return english(language) ? it->second.second : it->second.first;
}

std::string day_month_year(Date d, std::string_view language) {
  return fmt::format("{} {} {}", static_cast<unsigned>(d.day()), month_name(d, language),
                     static_cast<int>(d.year()));
}

std::string long_date(Date d, std::string_view language) {
  const unsigned wd = std::chrono::weekday{std::chrono::sys_days{d}}.iso_encoding() - 1;
  return fmt::format("{}, {}", print::weekday_name(wd + 1, language), day_month_year(d, language));
}

std::string day_label(Date d, std::string_view language) {
  const unsigned wd = std::chrono::weekday{std::chrono::sys_days{d}}.iso_encoding() - 1;
  return fmt::format("{}, {:02}-{:02}", print::weekday_name(wd + 1, language),
                     static_cast<unsigned>(d.day()), static_cast<unsigned>(d.month()));
}

std::string month_year(Date d, std::string_view language) {
  return fmt::format("{} {}", month_name(d, language), static_cast<int>(d.year()));
}

std::string short_time(TimePoint time, UtcOffset zone, bool with_date) {
  const auto local = std::chrono::floor<std::chrono::minutes>(time + zone.offset());
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const Date d{day};
  const auto minutes = (local - day).count();
  const std::string clock = fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
  if (!with_date) return clock;
  return fmt::format("{:02}-{:02} {}", static_cast<unsigned>(d.day()),
                     static_cast<unsigned>(d.month()), clock);
}

std::string period_text(const Period& p, std::string_view language) {
  switch (p.kind) {
    case PeriodKind::kDaily:
      return long_date(p.first, language);
    case PeriodKind::kWeekly: {
      const IsoWeek w = iso_week(p.first);
      return english(language) ? fmt::format("Week {} {}", w.week, w.year)
                               : fmt::format("Minggu ke-{} Tahun {}", w.week, w.year);
    }
    case PeriodKind::kMonthly:
      return month_year(p.first, language);
  }
  return "";
}

std::string status_text(Status status, std::string_view language) {
  const bool en = english(language);
  switch (status) {
    case Status::kOk:
      return en ? "Normal" : "Normal";
    case Status::kWarn:
      return en ? "Warning" : "Peringatan";
    case Status::kCrit:
      return en ? "Critical" : "Kritis";
    case Status::kUnknown:
      return en ? "Unknown" : "Tidak diketahui";
  }
  return "";
}

std::string host_label(const std::map<std::string, std::string>& labels, const std::string& host,
                       std::string_view language) {
  if (host.empty()) return "-";
  const auto it = labels.find(host);
  return it != labels.end() ? it->second : tr(language, "other_host");
}

std::string nip_text(const std::string& nip) {
  if (nip.size() != 18) return nip;
  return fmt::format("{} {} {} {}", nip.substr(0, 8), nip.substr(8, 6), nip.substr(14, 1),
                     nip.substr(15, 3));
}

}  // namespace jaga::report
