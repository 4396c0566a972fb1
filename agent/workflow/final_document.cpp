#include "workflow/final_document.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "print/office_words.h"

namespace jaga::workflow {
namespace {

nlohmann::json parsed(const std::string& json) {
  return nlohmann::json::parse(json, nullptr, false);
}

std::string official(const nlohmann::json& j, const char* role, const char* field) {
  const auto& o =
      j.contains("officials") && j["officials"].is_object() ? j["officials"] : nlohmann::json();
  if (!o.contains(role) || !o[role].is_object() || !o[role].contains(field)) return {};
  return o[role][field].is_string() ? o[role][field].get<std::string>() : std::string();
}

std::string timing_text(const std::optional<double>& duration, double standard, bool late) {
  if (!duration) return "tidak diukur";
  return fmt::format("{} (standar {}) - {}", print::duration_text(*duration),
                     print::duration_text(standard), late ? "TERLAMBAT" : "tepat waktu");
}

const StepDefinition* step_of(const Definition& d, const std::string& name) {
  const auto index = d.find(name);
  return index ? &d.steps[*index] : nullptr;
}

}  // namespace

std::string office_time(TimePoint time, UtcOffset zone) {
  const LocalMinutes local = zone.to_local(time);
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{local - day};
  return fmt::format("{} {} {} pukul {:02}.{:02} {}", static_cast<unsigned>(ymd.day()),
                     print::month_name(static_cast<unsigned>(ymd.month())),
                     static_cast<int>(ymd.year()), hms.hours().count(), hms.minutes().count(),
                     print::zone_label(zone));
}

std::string note_requirement(const std::string& draft_json, int version,
                             const std::vector<StepRow>& steps) {
  const nlohmann::json j = parsed(draft_json);
  if (j.is_object() && j.contains("verdict") && j["verdict"].is_object() &&
      j["verdict"].value("overall", "") == "TIDAK_DAPAT_DINILAI") {
    return "kesimpulan laporan TIDAK DAPAT DINILAI (the verdict is CANNOT BE ASSESSED)";
  }
  for (const StepRow& s : steps) {
    if (s.action == "return" && s.version == version - 1) {
      return fmt::format(
          "versi {} menjawab pengembalian versi {} (version {} answers the return of version {})",
          version, version - 1, version, version - 1);
    }
  }
  return {};
}

std::string verification_link(const std::string& url, const std::string& number, int version) {
  std::string base = url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return fmt::format("{}/verifikasi?nomor={}&versi={}", base, url_component(number), version);
}

std::string field_name(const std::string& step, int version) {
  return fmt::format("{}-v{}", step, version);
}

sign::ApprovalPage approval_page(const Definition& d, const FinalizeFacts& f) {
  const nlohmann::json j = parsed(f.draft_json);
  sign::ApprovalPage page;
  auto add = [&page](std::string text, double size = 9, bool bold = false, double before = 0) {
    page.lines.push_back(sign::ApprovalLine{std::move(text), size, bold, before});
  };
  add("LEMBAR PENGESAHAN LAPORAN", 13, true);
  add(fmt::format("Nomor laporan: {}    Versi: {}", f.number, f.version), 10, true, 4);
  add(fmt::format("Difinalisasi: {}", office_time(f.at, f.zone)));

  add("Catatan Administrator", 10, true, 10);
  add(f.note.find_first_not_of(" \t\r\n") == std::string::npos ? "-" : f.note);

  add("Riwayat pengembalian", 10, true, 10);
  bool any_return = false;
  for (const StepRow& r : f.steps) {
    if (r.action != "return") continue;
    any_return = true;
    add(fmt::format("Versi {} dikembalikan oleh {} ({}) pada {}: {}", r.version,
                    print::role_name(r.role), r.signer, office_time(r.at, f.zone), r.note),
        9, false, 3);
    std::string answer = r.version + 1 == f.version ? f.note : std::string();
    for (const StepRow& s : f.steps) {
      if (s.action == "finalize" && s.version == r.version + 1) answer = s.note;
    }
    add(fmt::format("Jawaban Administrator (versi {}): {}", r.version + 1,
                    answer.empty() ? "-" : answer));
  }
  if (!any_return) add("Tidak ada; versi ini belum pernah dikembalikan.");

  add("Ketepatan waktu langkah sampai finalisasi", 10, true, 10);
  for (const StepRow& r : f.steps) {
    const StepDefinition* step = step_of(d, r.step);
    const std::string label = step ? step->label : r.step;
    const std::string what = r.action == "return" ? "Pengembalian: " + label : label;
    add(fmt::format("Versi {} - {}, oleh {}: {}", r.version, what, print::role_name(r.role),
                    timing_text(r.duration_seconds, r.standard_seconds, r.late)));
  }
  if (const StepDefinition* fin = d.steps.size() > 1 ? &d.steps[1] : nullptr) {
    add(fmt::format("Versi {} - {}, oleh {}: {}", f.version, fin->label,
                    print::role_name(fin->role),
                    timing_text(f.finalize_timing.duration_seconds,
                                f.finalize_timing.standard_seconds, f.finalize_timing.late)));
  }
  add("Waktu langkah para pejabat dihitung dalam jam kerja kantor.", 8);

  page.place_date =
      fmt::format("Ditetapkan: {}",
                  office_time(f.at, f.zone).substr(0, office_time(f.at, f.zone).find(" pukul")));
  // The signing steps: finalize, then each receipt (the record step signs nothing new).
  // Every signing step gets its field now: after the certification none may be added.
  for (size_t i = 1; i + 1 < d.steps.size(); ++i) {
    const StepDefinition& s = d.steps[i];
    const std::string name = official(j, s.role.c_str(), "name");
    const std::string nip = official(j, s.role.c_str(), "nip");
    page.slots.push_back(sign::SignatureSlot{
        print::role_name(s.role), name.empty() ? "(..............................)" : name,
        nip.empty() ? "NIP ..................." : "NIP " + nip, field_name(s.name, f.version)});
  }
  if (f.verify_url.empty()) {
    page.qr_caption = {
        "Verifikasi dokumen: meja layanan (desk) belum dikonfigurasi, sehingga dokumen ini tidak "
        "memuat kode QR. Administrator memeriksa keaslian berkas PDF ini dengan perintah "
        "jaga verify pada server jaga."};
  } else {
    page.qr_text = verification_link(f.verify_url, f.number, f.version);
    page.qr_caption = {
        "Pindai kode QR untuk memeriksa keaslian dokumen ini di halaman Verifikasi Dokumen:",
        page.qr_text,
        "Dokumen ini ditandatangani secara elektronik; tanda tangan pertama mengesahkan dokumen "
        "sehingga perubahan selain penandatanganan terdeteksi."};
  }
  return page;
}

}  // namespace jaga::workflow
