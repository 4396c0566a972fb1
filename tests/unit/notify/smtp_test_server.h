// A small real SMTP server on loopback for the e-mail channel's tests: plain TCP until STARTTLS,
// then OpenSSL's SSL_accept with a certificate from TestPki, AUTH PLAIN against one user, and
// every message it accepts kept with how it arrived. It can leave STARTTLS out of its EHLO
// answer to play a server that would take mail in plain text, or speak TLS from the first byte
// (smtps://).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace jaga::testing {

struct ReceivedMail {
  bool tls = false;  // the message travelled over TLS
  std::string user;  // who authenticated, empty: nobody
  std::string from;  // MAIL FROM:<...>
  std::vector<std::string> to;
  std::string data;  // the message as sent, dot-stuffing undone
};

class SmtpTestServer {
 public:
  enum class Tls { kStartTls, kNone, kImplicit };

  SmtpTestServer(const std::string& cert, const std::string& key, std::string user,
                 std::string password, Tls tls = Tls::kStartTls)
      : user_(std::move(user)),
        password_(std::move(password)),
        offer_starttls_(tls == Tls::kStartTls),
        implicit_tls_(tls == Tls::kImplicit) {
    ctx_ = SSL_CTX_new(TLS_server_method());
    REQUIRE(ctx_ != nullptr);
    REQUIRE(SSL_CTX_use_certificate_chain_file(ctx_, cert.c_str()) == 1);
    REQUIRE(SSL_CTX_use_PrivateKey_file(ctx_, key.c_str(), SSL_FILETYPE_PEM) == 1);
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(listener_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(listen(listener_, 8) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~SmtpTestServer() {
    stopping_ = true;
    thread_.join();
    close(listener_);
    SSL_CTX_free(ctx_);
  }
  SmtpTestServer(const SmtpTestServer&) = delete;
  SmtpTestServer& operator=(const SmtpTestServer&) = delete;

  std::string url() const {
    return (implicit_tls_ ? "smtps://127.0.0.1:" : "smtp://127.0.0.1:") + std::to_string(port_);
  }
  std::vector<ReceivedMail> mails() const {
    std::lock_guard lock(mutex_);
    return mails_;
  }
  // Every command line received, in order, over all connections (AUTH lines included).
  std::vector<std::string> commands() const {
    std::lock_guard lock(mutex_);
    return commands_;
  }

 private:
  // One client connection: a socket that becomes TLS after STARTTLS.
  struct Connection {
    int fd = -1;
    SSL* ssl = nullptr;
    std::string buffer;
    ~Connection() {
      if (ssl != nullptr) {
        SSL_shutdown(ssl);
        SSL_free(ssl);
      }
      if (fd >= 0) close(fd);
    }
    void write(const std::string& text) {
      if (ssl != nullptr) {
        SSL_write(ssl, text.data(), static_cast<int>(text.size()));
      } else {
        ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
      }
    }
    // The next line without CRLF; false at end of stream or after 5 s of silence.
    bool read_line(std::string& line) {
      for (;;) {
        const size_t end = buffer.find("\r\n");
        if (end != std::string::npos) {
          line = buffer.substr(0, end);
          buffer.erase(0, end + 2);
          return true;
        }
        if (ssl == nullptr || SSL_pending(ssl) == 0) {
          pollfd p{fd, POLLIN, 0};
          if (poll(&p, 1, 5000) <= 0) return false;
        }
        char chunk[4096];
        const int n = ssl != nullptr ? SSL_read(ssl, chunk, sizeof chunk)
                                     : static_cast<int>(recv(fd, chunk, sizeof chunk, 0));
        if (n <= 0) return false;
        buffer.append(chunk, static_cast<size_t>(n));
      }
    }
  };

  static std::string base64_decode(const std::string& text) {
    std::string out(text.size(), '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(text.data()),
                                  static_cast<int>(text.size()));
    if (n < 0) return "";
    size_t padding = 0;  // EVP_DecodeBlock counts each '=' as a zero byte
    for (size_t i = text.size(); i > 0 && text[i - 1] == '=' && padding < 2; --i) ++padding;
    out.resize(static_cast<size_t>(n) - std::min(padding, static_cast<size_t>(n)));
    return out;
  }

  void serve() {
    while (!stopping_) {
      pollfd p{listener_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      Connection c;
      c.fd = accept(listener_, nullptr, nullptr);
      if (c.fd >= 0) converse(c);
    }
  }

  void note(const std::string& line) {
    std::lock_guard lock(mutex_);
    commands_.push_back(line);
  }

  // AUTH PLAIN with the initial response on the line or after a 334; true when accepted.
  bool authenticate(Connection& c, const std::string& line, std::string& who) {
    std::string response = line.size() > 11 ? line.substr(11) : "";
    if (response.empty()) {
      c.write("334 \r\n");
      if (!c.read_line(response)) return false;
    }
    const std::string plain = base64_decode(response);  // authzid \0 user \0 password
    const size_t first = plain.find('\0');
    const size_t second = first == std::string::npos ? first : plain.find('\0', first + 1);
    if (second == std::string::npos) return false;
    const std::string user = plain.substr(first + 1, second - first - 1);
    if (user != user_ || plain.substr(second + 1) != password_) return false;
    who = user;
    return true;
  }

  bool start_tls(Connection& c) {
    c.ssl = SSL_new(ctx_);
    SSL_set_fd(c.ssl, c.fd);
    c.buffer.clear();
    return SSL_accept(c.ssl) == 1;
  }

  void converse(Connection& c) {
    if (implicit_tls_ && !start_tls(c)) return;
    c.write("220 smtp.test ESMTP\r\n");
    ReceivedMail mail;
    std::string line;
    while (c.read_line(line)) {
      note(line);
      if (line.starts_with("EHLO") || line.starts_with("HELO")) {
        std::string answer = "250-smtp.test\r\n";
        if (offer_starttls_ && c.ssl == nullptr) answer += "250-STARTTLS\r\n";
        if (c.ssl != nullptr) answer += "250-AUTH PLAIN\r\n";
        c.write(answer + "250 8BITMIME\r\n");
      } else if (line == "STARTTLS" && offer_starttls_ && c.ssl == nullptr) {
        c.write("220 go ahead\r\n");
        if (!start_tls(c)) return;
      } else if (line.starts_with("AUTH PLAIN")) {
        if (authenticate(c, line, mail.user)) {
          c.write("235 2.7.0 authenticated\r\n");
        } else {
          c.write("535 5.7.8 authentication credentials invalid\r\n");
        }
      } else if (line.starts_with("MAIL FROM:")) {
        if (!user_.empty() && mail.user.empty()) {
          c.write("530 5.7.0 authentication required\r\n");
          continue;
        }
        mail.from = line.substr(10);
        c.write("250 ok\r\n");
      } else if (line.starts_with("RCPT TO:")) {
        mail.to.push_back(line.substr(8));
        c.write("250 ok\r\n");
      } else if (line == "DATA") {
        c.write("354 end with .\r\n");
        while (c.read_line(line) && line != ".") {
          mail.data += (line.starts_with(".") ? line.substr(1) : line) + "\r\n";
        }
        mail.tls = c.ssl != nullptr;
        {
          std::lock_guard lock(mutex_);
          mails_.push_back(mail);
        }
        c.write("250 queued\r\n");
      } else if (line == "QUIT") {
        c.write("221 bye\r\n");
        return;
      } else {
        c.write("502 5.5.2 command not implemented\r\n");
      }
    }
  }

  std::string user_;
  std::string password_;
  bool offer_starttls_;
  bool implicit_tls_;
  SSL_CTX* ctx_ = nullptr;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<ReceivedMail> mails_;
  std::vector<std::string> commands_;
  std::thread thread_;
};

}  // namespace jaga::testing
