// A notification as an Internet message (RFC 5322) for the e-mail channel: Date, From, To,
// Subject (an RFC 2047 encoded-word when it is not plain ASCII), Message-ID, MIME-Version and a
// UTF-8 text/plain body, every line ending in CRLF. Dot-stuffing is left to the SMTP client.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "notify/notifier.h"

namespace jaga::notify {

struct MailEnvelope {
  std::string from;             // plain address, user@domain
  std::vector<std::string> to;  // plain addresses
  TimePoint date;               // the Date header
  std::string message_id;       // without angle brackets: "unique@domain"
};

// The whole message, headers and body.
std::string mail_message(const Notification& n, const MailEnvelope& envelope);

// `text` as a header value: unchanged when it is printable ASCII, else one or more RFC 2047
// "=?UTF-8?B?...?=" words (each at most 75 characters, never splitting a UTF-8 sequence),
// separated by CRLF and a space (folding).
std::string encode_header_text(std::string_view text);

// RFC 5322 date-time in UTC: "Fri, 27 Nov 2026 03:40:00 +0000".
std::string mail_date(TimePoint time);

// A fresh Message-ID "<time>.<random>@<domain of from>", without the angle brackets.
std::string new_message_id(const std::string& from, TimePoint now);

}  // namespace jaga::notify
