#include "desk/pages.h"

#include <catch2/catch.hpp>

namespace jaga::desk {

TEST_CASE("a page shows <script> in a value as text", "[unit][desk]") {
  PageData d;
  d.set("message", "<script>alert(1)</script>");
  const std::string html = render_page("pesan", "Uji", d);
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
}

TEST_CASE("every form of a signed-in page carries the session's CSRF token", "[unit][desk]") {
  PageData d;
  d.set("user", "kabid");
  d.set("csrf", "t0k3n");
  d.set("number", "LAP/H/20261205");
  d.set("can_receive", true);
  d.set("can_return", true);
  const std::string html = render_page("laporan", "Laporan", d);
  size_t forms = 0;
  for (size_t at = html.find("<form method=\"post\""); at != std::string::npos;
       at = html.find("<form method=\"post\"", at + 1)) {
    ++forms;
    const size_t end = html.find("</form>", at);
    CHECK(html.substr(at, end - at).find("name=\"csrf\" value=\"t0k3n\"") != std::string::npos);
  }
  CHECK(forms == 3);  // receive, return, logout
}

}  // namespace jaga::desk
