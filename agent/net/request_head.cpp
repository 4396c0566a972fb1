#include "net/request_head.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

namespace jaga::net {
namespace {

bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_token_char);
}

// A header value may hold visible characters, spaces and tabs, and bytes above 0x7F.
bool is_field_value(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u == '\t' || u >= 0x20 ? u != 0x7F : false;
  });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// "Connection: keep-alive, Upgrade" holds `token`.
bool has_token(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    const size_t comma = list.find(',');
    if (iequals(trim(list.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

RequestHead refuse(RequestHead head, int status, std::string reason) {
  head.refusal = status;
  head.reason = std::move(reason);
  return head;
}

std::vector<std::string_view> lines_of(std::string_view head) {
  std::vector<std::string_view> lines;
  while (!head.empty()) {
    const size_t end = head.find("\r\n");
    if (end == std::string_view::npos) break;
    if (end == 0) break;  // the empty line that ends the head
    lines.push_back(head.substr(0, end));
    head.remove_prefix(end + 2);
  }
  return lines;
}

}  // namespace

size_t head_length(std::string_view buffer) {
  const size_t end = buffer.find("\r\n\r\n");
  return end == std::string_view::npos ? 0 : end + 4;
}

RequestHead read_request_head(std::string_view text, size_t max_body_bytes) {
  RequestHead head;
  const std::vector<std::string_view> lines = lines_of(text);
  if (lines.empty()) return refuse(head, 400, "no request line");

  // METHOD SP request-target SP HTTP-version
  const std::string_view line = lines[0];
  const size_t sp1 = line.find(' ');
  const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos ||
      sp2 == sp1 + 1) {
    return refuse(head, 400, "malformed request line");
  }
  const std::string_view method = line.substr(0, sp1);
  const std::string_view version = line.substr(sp2 + 1);
  if (!is_token(method) || !is_field_value(line.substr(sp1 + 1, sp2 - sp1 - 1))) {
    return refuse(head, 400, "malformed request line");
  }
  head.method = std::string(method);
  if (version != "HTTP/1.1" && version != "HTTP/1.0") {
    return refuse(head, 505, "only HTTP/1.1 and HTTP/1.0 are served");
  }

  std::optional<std::string_view> content_length;
  bool chunked_or_other_coding = false;
  bool encoded = false;
  bool keep_alive = false;
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::string_view field = lines[i];
    if (field.front() == ' ' || field.front() == '\t') {
      return refuse(head, 400, "folded header lines are not accepted");
    }
    const size_t colon = field.find(':');
    if (colon == std::string_view::npos || !is_token(field.substr(0, colon)) ||
        !is_field_value(field.substr(colon + 1))) {
      return refuse(head, 400, "malformed header line");
    }
    const std::string_view name = field.substr(0, colon);
    const std::string_view value = trim(field.substr(colon + 1));
    if (iequals(name, "Content-Length")) {
      if (content_length && *content_length != value) {
        return refuse(head, 400, "conflicting Content-Length headers");
      }
      content_length = value;
    } else if (iequals(name, "Transfer-Encoding")) {
      chunked_or_other_coding = true;
    } else if (iequals(name, "Content-Encoding")) {
      encoded = encoded || !iequals(value, "identity");
    } else if (iequals(name, "Expect")) {
      if (!iequals(value, "100-continue")) return refuse(head, 417, "unsupported Expect");
      head.expects_continue = true;
    } else if (iequals(name, "Connection")) {
      head.wants_close = head.wants_close || has_token(value, "close");
      keep_alive = keep_alive || has_token(value, "keep-alive");
    }
  }
  if (version == "HTTP/1.0" && !keep_alive) head.wants_close = true;

  if (content_length) {
    const std::string_view v = *content_length;
    if (v.empty() || v.size() > 18 ||
        !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return refuse(head, 400, "Content-Length must be one number");
    }
    head.content_length = std::stoull(std::string(v));
  }
  const bool has_body = head.content_length > 0 || chunked_or_other_coding;
  if (chunked_or_other_coding && content_length) {
    return refuse(head, 400, "Transfer-Encoding and Content-Length together");
  }
  if (has_body && (head.method == "GET" || head.method == "HEAD")) {
    return refuse(head, 400, fmt::format("a {} request carries no body", head.method));
  }
  if (chunked_or_other_coding) {
    return refuse(head, 411, "a request body needs a Content-Length (no Transfer-Encoding)");
  }
  if (head.content_length > max_body_bytes) {
    return refuse(head, 413,
                  max_body_bytes == 0
                      ? std::string("no request body is accepted here")
                      : fmt::format("a request body may hold at most {} bytes", max_body_bytes));
  }
  if (has_body && encoded) {
    return refuse(head, 415, "a request body must not be compressed (Content-Encoding)");
  }
  return head;
}

std::string refusal_response(int status, std::string_view reason) {
  const char* phrase = "Bad Request";
  switch (status) {
    case 408:
      phrase = "Request Timeout";
      break;
    case 411:
      phrase = "Length Required";
      break;
    case 413:
      phrase = "Payload Too Large";
      break;
    case 415:
      phrase = "Unsupported Media Type";
      break;
    case 417:
      phrase = "Expectation Failed";
      break;
    case 431:
      phrase = "Request Header Fields Too Large";
      break;
    case 503:
      phrase = "Service Unavailable";
      break;
    case 505:
      phrase = "HTTP Version Not Supported";
      break;
    default:
      break;
  }
  return fmt::format(
      "HTTP/1.1 {} {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n"
      "Connection: close\r\n{}\r\n{}\n",
      status, phrase, reason.size() + 1, status == 503 ? "Retry-After: 1\r\n" : "", reason);
}

}  // namespace jaga::net
