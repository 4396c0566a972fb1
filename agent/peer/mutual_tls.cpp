#include "peer/mutual_tls.h"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace jaga::peer {
namespace {

// OpenSSL's queued errors as one sentence part; empties the queue.
std::string openssl_errors() {
  std::string out;
  while (const unsigned long code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    out += (out.empty() ? "" : "; ") + std::string(buf);
  }
  return out.empty() ? "unknown OpenSSL error" : out;
}

Result<void> check_key_mode(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    return Error{fmt::format("cannot read peer.key {}: {}", path, std::strerror(errno))};
  }
  if ((st.st_mode & 077) != 0) {
    return Error{
        fmt::format("peer.key {} may be read by group or others (mode {:04o}); "
                    "chmod 600 it",
                    path, st.st_mode & 07777)};
  }
  return Ok();
}

// Refuses every certificate OpenSSL refused and, for the other side's own certificate (depth
// 0), every one that is not pinned. Logs why, without anything secret.
int verify_pinned(int preverified, X509_STORE_CTX* store) {
  X509* cert = X509_STORE_CTX_get_current_cert(store);
  const int depth = X509_STORE_CTX_get_error_depth(store);
  if (!preverified) {
    spdlog::warn("peer TLS: refused certificate \"{}\" (depth {}): {}",
                 cert ? common_name_of(cert) : "", depth,
                 X509_verify_cert_error_string(X509_STORE_CTX_get_error(store)));
    return 0;
  }
  if (depth != 0) return 1;
  auto* ssl =
      static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
  const auto* pins = static_cast<const PinSet*>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)));
  if (pins != nullptr && pinned_peer(*pins, cert) != nullptr) return 1;
  spdlog::warn(
      "peer TLS: refused certificate \"{}\" (SHA-256 {}): issued by the CA but not "
      "pinned in [[peer.peers]]",
      common_name_of(cert), fingerprint_of(cert));
  // "certificate rejected": the client is sent a "bad certificate" alert, so it can say why.
  X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED);
  return 0;
}

}  // namespace

std::string fingerprint_of(X509* cert) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (X509_digest(cert, EVP_sha256(), md, &len) != 1) return "";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += fmt::format("{}{:02X}", i == 0 ? "" : ":", md[i]);
  }
  return out;
}

std::string common_name_of(X509* cert) {
  X509_NAME* name = X509_get_subject_name(cert);
  const int index = name ? X509_NAME_get_index_by_NID(name, NID_commonName, -1) : -1;
  if (index < 0) return "";
  ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int len = ASN1_STRING_to_UTF8(&utf8, data);
  if (len < 0) return "";
  std::string out(reinterpret_cast<char*>(utf8), static_cast<size_t>(len));
  OPENSSL_free(utf8);
  return out;
}

const config::PeerEntry* pinned_peer(const PinSet& pins, X509* cert) {
  const std::string fingerprint = fingerprint_of(cert);
  const std::string cn = common_name_of(cert);
  for (const config::PeerEntry& p : pins.peers) {
    if (!p.fingerprint.empty() && p.fingerprint == fingerprint) return &p;
    if (!p.cn.empty() && p.cn == cn) return &p;
  }
  return nullptr;
}

Result<void> configure_mutual_tls(SSL_CTX& ctx, const config::PeerConfig& config,
                                  const PinSet& pins) {
  ERR_clear_error();
  if (auto mode = check_key_mode(config.key); !mode) return mode;
  if (SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION) != 1) {
    return Error{fmt::format("cannot require TLS 1.2: {}", openssl_errors())};
  }
  if (SSL_CTX_use_certificate_chain_file(&ctx, config.cert.c_str()) != 1) {
    return Error{fmt::format("cannot load peer.cert {}: {}", config.cert, openssl_errors())};
  }
  if (SSL_CTX_use_PrivateKey_file(&ctx, config.key.c_str(), SSL_FILETYPE_PEM) != 1) {
    return Error{fmt::format("cannot load peer.key {}: {}", config.key, openssl_errors())};
  }
  if (SSL_CTX_check_private_key(&ctx) != 1) {
    return Error{
        fmt::format("peer.key {} does not belong to peer.cert {}", config.key, config.cert)};
  }
  if (SSL_CTX_load_verify_locations(&ctx, config.ca.c_str(), nullptr) != 1) {
    return Error{fmt::format("cannot load peer.ca {}: {}", config.ca, openssl_errors())};
  }
  // The CA names sent to clients: only ours.
  STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(config.ca.c_str());
  if (names != nullptr) SSL_CTX_set_client_CA_list(&ctx, names);
  SSL_CTX_set_app_data(&ctx, const_cast<PinSet*>(&pins));
  SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, verify_pinned);
  return Ok();
}

}  // namespace jaga::peer
