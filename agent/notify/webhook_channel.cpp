#include "notify/webhook_channel.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

namespace jaga::notify {
namespace {

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

size_t discard(char*, size_t size, size_t count, void*) { return size * count; }

}  // namespace

std::string notification_json(const Notification& n) {
  nlohmann::json j = {
      {"kind", n.kind},
      {"check", n.check},
      {"host", n.host},
      {"status", status_name(n.status)},
      {"previous", n.previous ? nlohmann::json(status_name(*n.previous)) : nlohmann::json(nullptr)},
      {"subject", n.subject},
      {"text", n.text},
      {"at", format_utc(n.at)},
      {"to", n.to}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

WebhookChannel::WebhookChannel(std::string url, std::string token, long timeout_seconds)
    : url_(std::move(url)), token_(std::move(token)), timeout_seconds_(timeout_seconds) {}

Result<void> WebhookChannel::send(const Notification& n) {
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Error{"cannot initialise libcurl"};
  const std::string body = notification_json(n);
  std::unique_ptr<curl_slist, SlistDeleter> headers(
      curl_slist_append(nullptr, "Content-Type: application/json"));
  if (!token_.empty()) {
    headers.reset(
        curl_slist_append(headers.release(), ("Authorization: Bearer " + token_).c_str()));
  }
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_seconds_);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout_seconds_);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    return Error{fmt::format("webhook {}: {}", url_, curl_easy_strerror(rc))};
  }
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  if (code < 200 || code >= 300) {
    return Error{fmt::format("webhook {}: answered HTTP {}", url_, code)};
  }
  return Ok();
}

}  // namespace jaga::notify
