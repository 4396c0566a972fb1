#include "report/pdf_report.h"

#include <fmt/format.h>

#include <memory>

#include "report/labels.h"

namespace jaga::report {
namespace {

struct SurfaceCloser {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceCloser>;

Result<Surface> load_logo(const std::string& path) {
  Surface logo(cairo_image_surface_create_from_png(path.c_str()));
  if (cairo_surface_status(logo.get()) != CAIRO_STATUS_SUCCESS) {
    return Error{fmt::format("cannot read the letterhead logo {} (report.letterhead.logo): {}",
                             path, cairo_status_to_string(cairo_surface_status(logo.get())))};
  }
  return logo;
}

void draw_letterhead(PdfDocument& doc, const config::ReportConfig& c, cairo_surface_t* logo) {
  cairo_t* cr = doc.cr();
  const double logo_size = 62;
  double text_x = doc.left(), text_w = doc.width();
  if (logo != nullptr) {
    const double w = cairo_image_surface_get_width(logo), h = cairo_image_surface_get_height(logo);
    const double scale = logo_size / std::max(w, h);
    cairo_save(cr);
    cairo_translate(cr, doc.left(), doc.y);
    cairo_scale(cr, scale, scale);
    cairo_set_source_surface(cr, logo, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
    text_x += logo_size + 8;
    text_w -= 2 * (logo_size + 8);  // centred between the logo and its mirror space
  }
  double y = doc.y;
  y += doc.draw(c.government, text_x, y, text_w, 12.5, true, 1);
  y += doc.draw(c.agency, text_x, y, text_w, 13.5, true, 1);
  if (!c.address.empty()) y += doc.draw(c.address, text_x, y + 2, text_w, 8.5, false, 1) + 2;
  y = std::max(y, doc.y + (logo != nullptr ? logo_size : 0)) + 5;
  cairo_set_line_width(cr, 2.0);
  cairo_move_to(cr, doc.left(), y);
  cairo_line_to(cr, doc.left() + doc.width(), y);
  cairo_stroke(cr);
  cairo_set_line_width(cr, 0.6);
  cairo_move_to(cr, doc.left(), y + 3);
  cairo_line_to(cr, doc.left() + doc.width(), y + 3);
  cairo_stroke(cr);
  doc.y = y + 16;
}

// The agenda book's head the report was drafted after (see ReportModel::agenda_head).
std::string agenda_head_text(const ReportModel& m) {
  if (m.agenda_head.position == 0) return tr(m.language, "agenda_head.empty");
  return fmt::format(fmt::runtime(tr(m.language, "agenda_head.after")), m.agenda_head.position,
                     m.agenda_head.agenda_number, m.agenda_head.entry_hash.substr(0, 12));
}

void draw_title(PdfDocument& doc, const ReportModel& m) {
  const std::string& lang = m.language;
  const std::string kind(period_kind_name(m.period.kind));
  doc.y += doc.draw(tr(lang, "title." + kind), doc.left(), doc.y, doc.width(), 14, true, 1);
  doc.y += doc.draw(tr(lang, "subtitle"), doc.left(), doc.y + 1, doc.width(), 10, false, 1) + 8;
  const std::string zone = zone_label(m.period.zone);
  const std::vector<std::pair<std::string, std::string>> lines = {
      {tr(lang, "number"), m.number},
      {tr(lang, "period"),
       m.period.kind == PeriodKind::kDaily
           ? fmt::format("{}, 00:00 - 24:00 {}", period_text(m.period, lang), zone)
           : fmt::format("{} ({} 00:00 - {} 24:00 {})", period_text(m.period, lang),
                         day_month_year(m.period.first, lang), day_month_year(m.period.last, lang),
                         zone)},
      {tr(lang, "drafted"), fmt::format("{} {} {} {} {}",
                                        day_month_year(Date{std::chrono::floor<std::chrono::days>(
                                                           m.drafted_at + m.period.zone.offset())},
                                                       lang),
                                        short_time(m.drafted_at, m.period.zone, false), zone,
                                        tr(lang, "by_agent"), host_label(m, m.drafted_on))},
      {tr(lang, "agenda_head"), agenda_head_text(m)},
  };
  for (const auto& [label, value] : lines) {
    doc.draw(label, doc.left() + 60, doc.y, 70, 9.5, true);
    doc.y += doc.draw(": " + value, doc.left() + 130, doc.y, doc.width() - 130, 9.5) + 1;
  }
  doc.y += 4;
}

// From the place-and-date line to the line saying where the signatures are.
constexpr double kSignatureBlockHeight = 165;

// The recommended actions close the report with the signature block and stay with it: the
// section moves whole to a new page when it and the block do not both fit on this one, and a
// section longer than a page keeps at least its last action with the block. A block alone on
// the last page signs nothing an official can see, and a page could be slipped in before it.
void draw_recommendations(PdfDocument& doc, const ReportModel& m) {
  const std::string title = tr(m.language, "s.recommendations");
  std::vector<std::string> items;
  std::vector<double> heights;
  double total = doc.heading_height(title);
  int n = 1;
  for (const Recommendation& r : m.recommendations) {
    items.push_back(fmt::format("{}. {}", n++, m.language == "en" ? r.en : r.id));
    heights.push_back(doc.measure(items.back(), doc.width() - 10, 9));
    total += heights.back() + 3;
  }
  const double closing = total + kSignatureBlockHeight;
  if (doc.y + closing > doc.bottom() && closing <= doc.page_body()) doc.new_page();
  doc.heading(title);
  for (size_t i = 0; i < items.size(); ++i) {
    doc.ensure(heights[i] + (i + 1 == items.size() ? kSignatureBlockHeight : 0));
    doc.y += doc.draw(items[i], doc.left() + 10, doc.y, doc.width() - 10, 9) + 3;
  }
}

void draw_signatures(PdfDocument& doc, const ReportModel& m, const config::ReportConfig& c) {
  const std::string& lang = m.language;
  doc.ensure(kSignatureBlockHeight);
  doc.y += 14;
  const std::string date = day_month_year(local_date(m.drafted_at, m.period.zone), lang);
  doc.draw(c.place.empty() ? fmt::format(fmt::runtime(tr(lang, "place_date")), date)
                           : fmt::format("{}, {}", c.place, date),
           doc.left(), doc.y, doc.width(), 9, false, 2);
  doc.y += 22;
  const double col = doc.width() / 3;
  const std::pair<const char*, const config::OfficialConfig*> officials[] = {
      {"sig.apk", &c.apk}, {"sig.sub_koord", &c.sub_koord}, {"sig.kabid", &c.kabid}};
  const double top = doc.y;
  for (int i = 0; i < 3; ++i) {
    const double x = doc.left() + col * i;
    doc.draw(tr(lang, officials[i].first), x, top, col, 9, false, 1);
    const std::string name = officials[i].second->name.empty() ? "(..............................)"
                                                               : officials[i].second->name;
    const double name_y = top + 82;
    const double h = doc.draw(name, x + 6, name_y, col - 12, 9, true, 1);
    cairo_set_line_width(doc.cr(), 0.6);
    cairo_move_to(doc.cr(), x + 18, name_y + h + 1);
    cairo_line_to(doc.cr(), x + col - 18, name_y + h + 1);
    cairo_stroke(doc.cr());
    const std::string nip = officials[i].second->nip.empty()
                                ? tr(lang, "nip") + " ..................."
                                : tr(lang, "nip") + " " + nip_text(officials[i].second->nip);
    doc.draw(nip, x, name_y + h + 4, col, 8.5, false, 1);
  }
  // The signatures themselves are on the approval page finalize appends
  // (workflow/final_document.h).
  doc.draw(tr(lang, "sig.electronic"), doc.left(), top + 116, doc.width(), 8, false, 1);
  doc.y = top + 130;
}

}  // namespace

Result<std::string> render_pdf(const ReportModel& m, const config::ReportConfig& config) {
  Surface logo;
  if (!config.logo.empty()) {
    auto loaded = load_logo(config.logo);
    if (!loaded) return loaded.error();
    logo = std::move(*loaded);
  }
  const std::string title = fmt::format(
      "{} {}", tr(m.language, "title." + std::string(period_kind_name(m.period.kind))), m.number);
  auto footer = [&](int page, int total) {
    return std::make_pair(
        fmt::format("{} - {}", m.number, config.agency),
        total > 0 ? fmt::format(fmt::runtime(tr(m.language, "page")), page, total) : std::string());
  };
  return render_paged(footer, title, format_utc(m.drafted_at).substr(0, 19), [&](PdfDocument& doc) {
    draw_letterhead(doc, config, logo.get());
    draw_title(doc, m);
    draw_verdict(doc, m);
    draw_summary(doc, m);
    draw_availability(doc, m);
    draw_replication(doc, m);
    draw_consistency(doc, m);
    draw_backups(doc, m);
    draw_volumes(doc, m);
    draw_security(doc, m);
    draw_days(doc, m);
    draw_incidents(doc, m);
    draw_gaps(doc, m);
    draw_recommendations(doc, m);
    draw_signatures(doc, m, config);
  });
}

}  // namespace jaga::report
