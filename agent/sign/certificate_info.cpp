#include "sign/certificate_info.h"

#include <fmt/format.h>
#include <openssl/pem.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

namespace jaga::sign {
namespace {

std::string one_line(const X509_NAME* name) {
  BioPtr out(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(out.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  return bio_contents(out.get());
}

std::string entry_text(const X509_NAME* name, int nid) {
  const int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) return {};
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int length = ASN1_STRING_to_UTF8(&utf8, data);
  if (length < 0) return {};
  std::string text(reinterpret_cast<char*>(utf8), static_cast<size_t>(length));
  OPENSSL_free(utf8);
  return text;
}

TimePoint to_time_point(const ASN1_TIME* time) {
  struct tm tm {};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) return TimePoint{};
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string hex(const unsigned char* data, size_t size, bool colons) {
  std::string out;
  for (size_t i = 0; i < size; ++i) {
    if (colons && i > 0) out += ':';
    out += fmt::format("{:02X}", data[i]);
  }
  return out;
}

}  // namespace

std::string fingerprint(X509* cert) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  X509_digest(cert, EVP_sha256(), digest, &size);
  return hex(digest, size, true);
}

CertificateInfo describe(X509* cert) {
  CertificateInfo info;
  info.subject = one_line(X509_get_subject_name(cert));
  info.issuer = one_line(X509_get_issuer_name(cert));
  info.common_name = entry_text(X509_get_subject_name(cert), NID_commonName);
  const ASN1_INTEGER* serial = X509_get0_serialNumber(cert);
  BignumPtr bn(ASN1_INTEGER_to_BN(serial, nullptr));
  if (bn) {
    char* text = BN_bn2hex(bn.get());
    info.serial = text;
    OPENSSL_free(text);
  }
  info.fingerprint = fingerprint(cert);
  info.not_before = to_time_point(X509_get0_notBefore(cert));
  info.not_after = to_time_point(X509_get0_notAfter(cert));
  info.title_role = parse_role(entry_text(X509_get_subject_name(cert), NID_title));
  info.nip = entry_text(X509_get_subject_name(cert), NID_serialNumber);
  return info;
}

Result<std::vector<X509Ptr>> read_certificate_bundle(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Error{fmt::format("cannot read certificate file {}: {}", path, std::strerror(errno))};
  std::stringstream text;
  text << in.rdbuf();
  const std::string pem = text.str();
  BioPtr bio = memory_bio(pem);
  std::vector<X509Ptr> certs;
  while (true) {
    X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) break;
    certs.push_back(std::move(cert));
  }
  clear_openssl_errors();
  if (certs.empty()) {
    return Error{
        fmt::format("{} holds no PEM certificate (\"-----BEGIN CERTIFICATE-----\")", path)};
  }
  return certs;
}

Result<X509Ptr> read_certificate_file(const std::string& path) {
  auto bundle = read_certificate_bundle(path);
  if (!bundle) return bundle.error();
  return std::move(bundle->front());
}

std::string to_pem(X509* cert) {
  BioPtr out(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(out.get(), cert);
  return bio_contents(out.get());
}

}  // namespace jaga::sign
