// The e-mail a notification becomes: RFC 5322 headers, CRLF lines, RFC 2047 subjects.
#include "notify/mail_message.h"

#include <openssl/evp.h>

#include <catch2/catch.hpp>
#include <chrono>

namespace jaga::notify {
namespace {

using Catch::Contains;

Notification reminder(const std::string& subject) {
  Notification n;
  n.kind = "reminder";
  n.check = "step 3";
  n.status = Status::kWarn;
  n.subject = subject;
  n.text = "line one\nline two\r\nline three";
  n.at = TimePoint(std::chrono::seconds(1764205200));
  return n;
}

const MailEnvelope kEnvelope{"jaga@dukcapil.test",
                             {"apk@dukcapil.test"},
                             TimePoint(std::chrono::seconds(1764205200)),
                             "1.abc@dukcapil.test"};

std::string decode_word(const std::string& word) {
  REQUIRE(word.starts_with("=?UTF-8?B?"));
  REQUIRE(word.ends_with("?="));
  const std::string b64 = word.substr(10, word.size() - 12);
  std::string out(b64.size(), '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(b64.data()),
                                static_cast<int>(b64.size()));
  REQUIRE(n >= 0);
  size_t padding = 0;
  for (size_t i = b64.size(); i > 0 && b64[i - 1] == '='; --i) ++padding;
  out.resize(static_cast<size_t>(n) - padding);
  return out;
}

TEST_CASE("a notification e-mail has the RFC 5322 headers and only CRLF line ends",
          "[notify][mail]") {
  const std::string m = mail_message(reminder("[jaga] overdue: step 3"), kEnvelope);
  CHECK(
      m.starts_with("Date: Thu, 27 Nov 2025 01:00:00 +0000\r\nFrom: jaga@dukcapil.test\r\n"
                    "To: apk@dukcapil.test\r\nSubject: [jaga] overdue: step 3\r\n"
                    "Message-ID: <1.abc@dukcapil.test>\r\nMIME-Version: 1.0\r\n"
                    "Content-Type: text/plain; charset=UTF-8\r\n"));
  CHECK_THAT(m, Contains("\r\n\r\nline one\r\nline two\r\nline three\r\n"));
  for (size_t i = 0; i < m.size(); ++i) {
    if (m[i] == '\n') REQUIRE((i > 0 && m[i - 1] == '\r'));
    if (m[i] == '\r') REQUIRE((i + 1 < m.size() && m[i + 1] == '\n'));
  }
}

TEST_CASE("a subject that is not ASCII is RFC 2047 encoded and folded on UTF-8 boundaries",
          "[notify][mail]") {
  CHECK(encode_header_text("[jaga] CRIT: server") == "[jaga] CRIT: server");
  const std::string subject =
      "[jaga] terlambat: langkah 3 – verifikasi laporan harian oleh APK – Dinas Kependudukan";
  const std::string encoded = encode_header_text(subject);
  std::string decoded;
  size_t at = 0;
  int words = 0;
  while (at <= encoded.size()) {
    size_t end = encoded.find("\r\n ", at);
    if (end == std::string::npos) end = encoded.size();
    const std::string word = encoded.substr(at, end - at);
    CHECK(word.size() <= 75);
    decoded += decode_word(word);
    ++words;
    at = end + 3;
  }
  CHECK(words >= 2);
  CHECK(decoded == subject);
  // A line break in a subject cannot start a header of its own.
  CHECK(encode_header_text("x\r\nBcc: someone@else").find("\r\nBcc") == std::string::npos);
  CHECK(mail_message(reminder(subject), kEnvelope).find("Subject: =?UTF-8?B?") !=
        std::string::npos);
}

// A mail written for an official (an SOP step) is Indonesian to its end: no English footer, no
// UTC time after the text, whose times are already in WIB. A status change keeps the technical
// facts for the administrators.
TEST_CASE("a mail for an official ends in Indonesian, a status change keeps its facts",
          "[notify][mail]") {
  const std::string step = mail_message(reminder("Laporan X menunggu finalisasi Anda"), kEnvelope);
  CHECK_THAT(step, Contains("line three\r\n\r\n-- \r\nPesan otomatis dari jaga.\r\n"));
  for (const char* english : {"Check:", "Host:", "At:", "sent on", "2025-11-27T"}) {
    CHECK(step.find(english) == std::string::npos);
  }
  Notification change = reminder("[jaga] CRIT: server");
  change.kind = "status_change";
  change.check = "server";
  change.host = "db-utama";
  change.status = Status::kCrit;
  change.previous = Status::kOk;
  const std::string m = mail_message(change, kEnvelope);
  CHECK_THAT(m, Contains("Check:  server\r\nHost:   db-utama\r\nStatus: CRIT (was OK)\r\n"
                         "At:     2025-11-27T01:00:00"));
}

TEST_CASE("message ids are unique and in the sender's domain", "[notify][mail]") {
  const TimePoint now = TimePoint(std::chrono::seconds(1764205200));
  const std::string a = new_message_id("jaga@dukcapil.test", now);
  const std::string b = new_message_id("jaga@dukcapil.test", now);
  CHECK(a != b);
  CHECK(a.ends_with("@dukcapil.test"));
  CHECK(mail_date(now) == "Thu, 27 Nov 2025 01:00:00 +0000");
}

}  // namespace
}  // namespace jaga::notify
