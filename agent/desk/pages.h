// The desk's HTML: logic-less mustache templates (kainjow), every {{value}} HTML-escaped, in
// Indonesian, with plain CSS (usable at 1366x768, printable through @media print) and no
// JavaScript. Pure; thread-safe.
#pragma once

#include <kainjow/mustache.hpp>
#include <string>

namespace jaga::desk {

using PageData = kainjow::mustache::data;

// Renders template `page` ("masuk", "kotak_masuk", "laporan", "verifikasi", "pesan") with
// `data` inside the common layout titled `title`. `data` may hold "user" (shown in the header
// with the logout form, which needs "csrf").
std::string render_page(const std::string& page, const std::string& title, const PageData& data);

}  // namespace jaga::desk
