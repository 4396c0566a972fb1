#include "notify/mail_message.h"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <chrono>
#include <cstdint>

namespace jaga::notify {
namespace {

bool printable_ascii(std::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c >= 0x7f) return false;
  }
  return true;
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

// `text` with every line break (LF, CR or CRLF) as CRLF.
std::string crlf_lines(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\r\n";
    } else if (text[i] == '\n') {
      out += "\r\n";
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

std::string encode_header_text(std::string_view text) {
  if (printable_ascii(text)) return std::string(text);
  // "=?UTF-8?B?" + "?=" is 12 characters; 45 bytes become 60 base64 characters: 72 in all.
  constexpr size_t kChunk = 45;
  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = std::min(at + kChunk, text.size());
    // Back up to the start of a UTF-8 sequence (a byte that is not 10xxxxxx).
    while (end < text.size() && end > at + 1 &&
           (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(text.substr(at, end - at)) + "?=";
    at = end;
  }
  return out;
}

std::string mail_date(TimePoint time) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
  const auto day = std::chrono::floor<std::chrono::days>(seconds);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss clock(seconds - day);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const unsigned weekday = std::chrono::weekday(day).c_encoding();
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000", kDays[weekday],
                     static_cast<unsigned>(ymd.day()),
                     kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                     clock.hours().count(), clock.minutes().count(), clock.seconds().count());
}

std::string new_message_id(const std::string& from, TimePoint now) {
  uint64_t random = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&random), sizeof random) != 1) {
    // Uniqueness only needs the time and the process then; RAND_bytes failing is not fatal.
    random = static_cast<uint64_t>(now.time_since_epoch().count());
  }
  const size_t at = from.find('@');
  const std::string domain = at == std::string::npos ? "jaga.invalid" : from.substr(at + 1);
  return fmt::format(
      "{}.{:016x}@{}",
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count(), random,
      domain);
}

std::string mail_message(const Notification& n, const MailEnvelope& envelope) {
  std::string body = n.text + "\n\n";
  if (n.kind == "status_change") {
    // For the administrators: the technical facts, in the CLI's language.
    if (!n.check.empty()) body += fmt::format("Check:  {}\n", n.check);
    if (!n.host.empty()) body += fmt::format("Host:   {}\n", n.host);
    body += fmt::format("Status: {}{}\n", status_name(n.status),
                        n.previous ? fmt::format(" (was {})", status_name(*n.previous)) : "");
    body += fmt::format("At:     {}\n\n-- \njaga, sent on status changes\n", format_utc(n.at));
  } else {
    // Written for an official (an SOP step) or the administrator (the desk's failed logins) in
    // Indonesian, with the times in the office's zone already: nothing in English after it.
    body += "-- \nPesan otomatis dari jaga.\n";
  }
  std::string message;
  message += "Date: " + mail_date(envelope.date) + "\r\n";
  message += "From: " + envelope.from + "\r\n";
  message += "To: " + joined(envelope.to) + "\r\n";
  message += "Subject: " + encode_header_text(n.subject) + "\r\n";
  message += "Message-ID: <" + envelope.message_id + ">\r\n";
  message += "MIME-Version: 1.0\r\n";
  message += "Content-Type: text/plain; charset=UTF-8\r\n";
  message += "Content-Transfer-Encoding: 8bit\r\n";
  message += "Auto-Submitted: auto-generated\r\n";
  message += "\r\n";
  message += crlf_lines(body);
  return message;
}

}  // namespace jaga::notify
