#include "notify/smtp_channel.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "notify/mail_message.h"

namespace jaga::notify {
namespace {

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

// The message libcurl uploads, read from the front.
struct Upload {
  std::string_view rest;
};

size_t read_message(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->rest.size());
  std::memcpy(buffer, upload->rest.data(), n);
  upload->rest.remove_prefix(n);
  return n;
}

// libcurl's detail for a failure with the password blanked out, should a server ever echo it.
std::string without_secret(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

}  // namespace

Result<void> SmtpChannel::send(const Notification& n) {
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Error{"cannot initialise libcurl"};
  const TimePoint now = std::chrono::system_clock::now();
  const std::vector<std::string>& to_list = n.to.empty() ? settings_.to : n.to;
  const std::string message = mail_message(
      n, MailEnvelope{settings_.from, to_list, now, new_message_id(settings_.from, now)});
  Upload upload{message};
  std::unique_ptr<curl_slist, SlistDeleter> recipients;
  for (const std::string& to : to_list) {
    recipients.reset(curl_slist_append(recipients.release(), ("<" + to + ">").c_str()));
  }
  const std::string from = "<" + settings_.from + ">";
  char detail[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, settings_.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  // STARTTLS or nothing: no fallback to plain text, also not for smtp://.
  curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  curl_easy_setopt(c, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
  if (!settings_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, settings_.ca_file.c_str());
  if (!settings_.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, settings_.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_INFILESIZE, static_cast<long>(message.size()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT, settings_.timeout_seconds);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, settings_.timeout_seconds);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, detail);
  const CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) return Ok();
  std::string why = curl_easy_strerror(rc);
  if (rc == CURLE_USE_SSL_FAILED) {
    why = "the server does not offer STARTTLS; refusing to send in plain text";
  } else if (detail[0] != '\0' && why != detail) {
    why += fmt::format(" ({})", detail);
  }
  return Error{fmt::format("mail server {}: {}", settings_.url,
                           without_secret(std::move(why), settings_.password))};
}

}  // namespace jaga::notify
