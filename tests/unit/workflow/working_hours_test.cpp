// The office's working hours: officials' steps measured across nights, weekends and holidays,
// the standard's end, overdue steps, and the [working_hours] section of the definition.
#include "workflow/working_hours.h"

#include <catch2/catch.hpp>

#include "workflow/definition.h"
#include "workflow/reminders.h"
#include "workflow/report_chain.h"

namespace jaga::workflow {
namespace {

using Catch::Matchers::Contains;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::sys_days;

// A time on the WIB wall clock.
TimePoint wib(int y, unsigned m, unsigned d, int h, int min) {
  return sys_days{std::chrono::year{y} / m / d} + hours(h) + minutes(min) - hours(7);
}

Definition sop() {
  auto d = load_definition(std::string(JAGA_SOURCE_DIR) + "/config/sop-piak-07.toml");
  REQUIRE(d.ok());
  return *d;
}

std::string definition_with(const std::string& working_hours) {
  return "[workflow]\nid = \"T\"\n" + working_hours +
         "\n[[steps]]\nname = \"draft\"\naction = \"draft\"\nrole = \"scheduler\"\n"
         "standard_minutes = 60\n[[steps]]\nname = \"finalize\"\naction = \"finalize\"\n"
         "role = \"apk\"\nstandard_minutes = 15\n[[steps]]\nname = \"receive\"\n"
         "action = \"receive\"\nrole = \"kabid\"\nstandard_minutes = 5\n[[steps]]\n"
         "name = \"record\"\naction = \"record\"\nrole = \"kabid\"\nstandard_minutes = 5\n";
}

}  // namespace

TEST_CASE("working hours: a weekend, a night and a holiday do not count",
          "[workflow][working_hours]") {
  const WorkingHours w;  // Monday-Friday 07:30-16:00 WIB
  // Friday 4 December 2026, 15:55 to Monday 7 December, 07:35: 5 + 5 minutes.
  CHECK(w.seconds_between(wib(2026, 12, 4, 15, 55), wib(2026, 12, 7, 7, 35)) == 600);
  // An evening to the next morning before opening: nothing.
  CHECK(w.seconds_between(wib(2026, 12, 8, 16, 30), wib(2026, 12, 9, 7, 0)) == 0);
  // Within one working day.
  CHECK(w.seconds_between(wib(2026, 12, 8, 9, 0), wib(2026, 12, 8, 9, 12)) == 720);
  // Thursday 24 December 15:50 to Monday 28 December 07:40 over Christmas (a Friday).
  const TimePoint from = wib(2026, 12, 24, 15, 50), to = wib(2026, 12, 28, 7, 40);
  CHECK(w.seconds_between(from, to) == (10 + 510 + 10) * 60);
  WorkingHours holiday = w;
  holiday.holidays.insert(sys_days{std::chrono::year{2026} / 12 / 25});
  CHECK(holiday.seconds_between(from, to) == (10 + 10) * 60);
  CHECK(w.seconds_between(to, from) == 0);
}

TEST_CASE("working hours: when a standard ends", "[workflow][working_hours]") {
  const WorkingHours w;
  // 5 working minutes from Friday 15:58 end on Monday at 07:33.
  CHECK(w.after(wib(2026, 12, 4, 15, 58), minutes(5)) == wib(2026, 12, 7, 7, 33));
  // Ending exactly at closing time ends then, not the next morning.
  CHECK(w.after(wib(2026, 12, 4, 15, 55), minutes(5)) == wib(2026, 12, 4, 16, 0));
  // From a Saturday night the clock starts on Monday at opening.
  CHECK(w.after(wib(2026, 12, 5, 22, 0), minutes(15)) == wib(2026, 12, 7, 7, 45));
}

TEST_CASE("an official's step is timed in working hours, the draft in clock time",
          "[workflow][working_hours][timing]") {
  const Definition d = sop();
  const StepDefinition& finalize = d.steps[1];
  // Drafted Friday 15:50, finalized Monday 07:40: 10 + 10 working minutes against 15: late.
  const Timing late = time_step(d, finalize, wib(2026, 12, 4, 15, 50), wib(2026, 12, 7, 7, 40));
  CHECK(late.duration_seconds == Approx(1200));
  CHECK(late.late);
  // Finalized Monday 07:34: 14 working minutes although 2 days and 16 hours passed.
  const Timing on_time = time_step(d, finalize, wib(2026, 12, 4, 15, 50), wib(2026, 12, 7, 7, 34));
  CHECK(on_time.duration_seconds == Approx(840));
  CHECK_FALSE(on_time.late);
  // The scheduler drafts at 00:30 a day that closed at midnight: 30 clock minutes.
  const Timing draft = time_step(d, d.steps[0], wib(2026, 12, 5, 0, 0), wib(2026, 12, 5, 0, 30));
  CHECK(draft.duration_seconds == Approx(1800));
  CHECK_FALSE(draft.late);
}

TEST_CASE("a step is overdue only when its standard ran out in working hours",
          "[workflow][working_hours][timing]") {
  const Definition d = sop();
  ChainState drafted;
  drafted.version = 1;
  drafted.next = 1;
  drafted.since = wib(2026, 12, 4, 15, 55);                                  // drafted Friday 15:55
  CHECK_FALSE(overdue_at(d, drafted, wib(2026, 12, 5, 12, 0)).has_value());  // Saturday noon
  CHECK_FALSE(overdue_at(d, drafted, wib(2026, 12, 7, 7, 40)).has_value());  // due exactly now
  auto o = overdue_at(d, drafted, wib(2026, 12, 7, 7, 41));
  REQUIRE(o.has_value());
  CHECK(o->step == "finalize");
  CHECK(o->due == wib(2026, 12, 7, 7, 40));
  CHECK(o->overdue_seconds == Approx(60));
}

TEST_CASE("the official whose step is due is told in Indonesian, on the office's clock",
          "[workflow][working_hours][notify]") {
  const Definition d = sop();
  ChainState finalized;
  finalized.version = 2;
  finalized.next = 2;                          // the Sub Koord's receipt
  finalized.since = wib(2026, 12, 4, 15, 58);  // finalized Friday 15:58
  auto p = pending_step(d, finalized);
  REQUIRE(p.has_value());
  CHECK(p->role == "sub_koord");
  CHECK(p->action == Action::kReceive);
  CHECK(p->due == wib(2026, 12, 7, 7, 33));  // 5 working minutes: 2 on Friday, 3 on Monday
  const StepMail mail = step_mail(DueStep{"LAP/H/20261204", *p, std::nullopt}, d,
                                  "https://jaga.dukcapil.local:8443/laporan/LAP%2FH%2F20261204");
  CHECK(mail.subject == "Laporan LAP/H/20261204 menunggu penerimaan Anda");
  CHECK(mail.text ==
        "Yth. Sub Koordinator,\n\n"
        "Laporan LAP/H/20261204 versi 2 menunggu langkah Anda: Menerima laporan dari "
        "Administrator.\n\n"
        "Menunggu sejak: Jumat, 4 Desember 2026 pukul 15.58 WIB\n"
        "Standar SOP-PIAK-07: 5 menit jam kerja\n"
        "Batas waktu: Senin, 7 Desember 2026 pukul 07.33 WIB\n"
        "\nBuka laporan: https://jaga.dukcapil.local:8443/laporan/LAP%2FH%2F20261204\n"
        "\nPesan ini dikirim otomatis oleh jaga; mohon tidak membalas e-mail ini.\n");
  ChainState recorded = finalized;
  recorded.next = d.steps.size();
  CHECK_FALSE(pending_step(d, recorded).has_value());
  CHECK_FALSE(pending_step(d, ChainState{}).has_value());  // nothing drafted
}

TEST_CASE("the shipped definition's working hours, and their description",
          "[workflow][working_hours]") {
  const Definition d = sop();
  const WorkingHours& w = d.working_hours;
  CHECK(w.weekdays == std::array<bool, 7>{true, true, true, true, true, false, false});
  CHECK(w.start == minutes(7 * 60 + 30));
  CHECK(w.end == hours(16));
  CHECK(w.zone.offset() == hours(7));
  CHECK(w.holidays.contains(sys_days{std::chrono::year{2026} / 12 / 25}));
  CHECK_THAT(w.describe(), Contains("Senin–Jumat 07.30–16.00 WIB"));
  // Without the section: the same default hours and no holidays.
  auto bare = parse_definition(definition_with(""), "t.toml");
  REQUIRE(bare.ok());
  CHECK(bare->working_hours.describe() == "Senin–Jumat 07.30–16.00 WIB");
  // Another office's hours.
  auto other = parse_definition(
      definition_with("[working_hours]\ndays = [\"senin\", \"Tuesday\", \"sabtu\"]\nstart = "
                      "\"08:00\"\nend = \"14:00\"\nzone = \"WITA\"\nholidays = [\"2027-01-01\"]\n"),
      "t.toml");
  REQUIRE(other.ok());
  CHECK(other->working_hours.describe() == "Senin, Selasa, Sabtu 08.00–14.00 WITA, 1 hari libur");
}

TEST_CASE("a broken [working_hours] is refused with the file, line and key",
          "[workflow][working_hours][config]") {
  const std::pair<const char*, const char*> cases[] = {
      {"days = [\"funday\"]", "'working_hours.days': \"funday\" is not a day"},
      {"days = []", "'working_hours.days': names no working day"},
      {"days = \"senin\"", "working_hours.days"},
      {"start = \"7:30\"", "'working_hours.start': \"7:30\" is not a time of day"},
      {"end = \"24:30\"", "'working_hours.end': \"24:30\" is not a time of day"},
      {"start = \"16:00\"\nend = \"07:30\"", "end (07:30) must be after start (16:00)"},
      {"zone = \"Asia/Jakarta\"", "working_hours.zone"},
      {"holidays = [\"2026-02-30\"]", "'working_hours.holidays': \"2026-02-30\" is not a date"},
      {"holidays = [\"25-12-2026\"]", "\"25-12-2026\" is not a date"},
      {"lunch = \"12:00\"", "unknown key 'working_hours.lunch'"},
  };
  for (const auto& [text, message] : cases) {
    auto d = parse_definition(definition_with(std::string("[working_hours]\n") + text), "t.toml");
    INFO(text);
    REQUIRE_FALSE(d.ok());
    CHECK_THAT(d.error().message, Contains("t.toml:") && Contains(message));
  }
}

}  // namespace jaga::workflow
