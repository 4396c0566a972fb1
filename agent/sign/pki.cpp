#include "sign/pki.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/pem.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>

#include "core/durable_file.h"
#include "sign/certificate_builder.h"
#include "sign/key_files.h"

namespace jaga::sign {
namespace {

// Certificates start a little in the past so that a peer whose clock runs behind ours
// accepts them at once.
constexpr auto kBackdate = std::chrono::minutes(5);

bool exists(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0;
}

struct LoadedCa {
  X509Ptr cert;
  EvpPkeyPtr key;
  std::string organization;
};

Result<LoadedCa> load_ca(const std::string& dir, const std::string& passphrase) {
  const std::string cert_path = dir + "/ca.crt";
  const std::string key_path = dir + "/ca.key";
  if (!exists(cert_path)) {
    return Error{
        fmt::format("no CA in {} (ca.crt is missing); create it with: jaga pki init", dir)};
  }
  auto cert = read_certificate_file(cert_path);
  if (!cert) return cert.error();
  auto pem = read_file(key_path);
  if (!pem) return pem.error();
  auto key = decrypt_key_pem(*pem, passphrase, "the office CA", key_path);
  if (!key) return key.error();
  if (X509_check_private_key(cert->get(), key->get()) != 1) {
    clear_openssl_errors();
    return Error{fmt::format("{} does not belong to {}", key_path, cert_path)};
  }
  LoadedCa ca{std::move(*cert), std::move(*key), {}};
  X509_NAME* subject = X509_get_subject_name(ca.cert.get());
  const int index = X509_NAME_get_index_by_NID(subject, NID_organizationName, -1);
  if (index >= 0) {
    unsigned char* utf8 = nullptr;
    const int n =
        ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index)));
    if (n > 0) ca.organization.assign(reinterpret_cast<char*>(utf8), static_cast<size_t>(n));
    OPENSSL_free(utf8);
  }
  return ca;
}

Result<void> check_days(int days) {
  if (days < 1 || days > 36500) {
    return Error{fmt::format("--days must be between 1 and 36500, got {}", days)};
  }
  return Ok();
}

// Writes `files` in order; on any failure removes those already written, so either all exist
// or none.
Result<void> write_all(const std::vector<std::tuple<std::string, std::string, unsigned>>& files) {
  std::vector<std::string> written;
  for (const auto& [path, data, mode] : files) {
    if (auto w = write_new_file(path, data, mode); !w) {
      for (const std::string& p : written) unlink(p.c_str());
      return w.error();
    }
    written.push_back(path);
  }
  return Ok();
}

// Holds an exclusive lock on DIR/.lock for as long as it lives, so that two `jaga pki`
// commands never read the registry, both add a signer, and one overwrites the other's entry.
class DirectoryLock {
 public:
  static Result<DirectoryLock> take(const std::string& dir) {
    const std::string path = dir + "/.lock";
    const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 && errno == ENOENT) {
      return Error{fmt::format("no PKI in {}; create it with: jaga pki init", dir)};
    }
    if (fd < 0) return Error{fmt::format("cannot open {}: {}", path, std::strerror(errno))};
    if (flock(fd, LOCK_EX) != 0) {
      const int error = errno;
      close(fd);
      return Error{fmt::format("cannot lock {}: {}", path, std::strerror(error))};
    }
    return DirectoryLock(fd);
  }
  DirectoryLock(DirectoryLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;
  DirectoryLock& operator=(DirectoryLock&&) = delete;
  ~DirectoryLock() {
    if (fd_ >= 0) close(fd_);  // releases the lock
  }

 private:
  explicit DirectoryLock(int fd) : fd_(fd) {}
  int fd_;
};

Result<void> check_person(const std::string& name, const std::string& nip) {
  if (name.empty()) return Error{"the signer needs a name (--name \"Full Name\")"};
  if (nip.empty()) return Ok();
  if (auto ok = check_nip(nip); !ok) return Error{"--nip: " + ok.error().message};
  return Ok();
}

}  // namespace

Result<CertificateInfo> Pki::init_ca(const CaRequest& request, const std::string& ca_passphrase,
                                     const Clock& clock) const {
  if (auto d = check_days(request.days); !d) return d.error();
  if (request.name.empty()) return Error{"the CA needs a name (--name)"};
  if (auto made = ensure_directory(dir_); !made) return made.error();
  auto lock = DirectoryLock::take(dir_);
  if (!lock) return lock.error();
  for (const char* file : {"/ca.key", "/ca.crt"}) {
    if (exists(dir_ + file)) {
      return Error{fmt::format("a CA exists already in {} ({} is there); it is never overwritten",
                               dir_, dir_ + file)};
    }
  }
  auto key = generate_key();
  if (!key) return key.error();
  CertificateSpec spec;
  spec.kind = CertificateKind::kCa;
  spec.subject.emplace_back("CN", request.name);
  if (!request.organization.empty()) spec.subject.emplace_back("O", request.organization);
  spec.not_before = clock.now() - kBackdate;
  spec.days = request.days;
  auto cert = build_certificate(spec, key->get(), nullptr, key->get());
  if (!cert) return cert.error();
  auto key_pem = encrypted_key_pem(key->get(), ca_passphrase);
  if (!key_pem) return key_pem.error();
  if (auto w = write_all(
          {{dir_ + "/ca.key", *key_pem, 0600}, {dir_ + "/ca.crt", to_pem(cert->get()), 0644}});
      !w) {
    return w.error();
  }
  return describe(cert->get());
}

Result<SignerRecord> Pki::issue_signer(const SignerRequest& request,
                                       const std::string& ca_passphrase,
                                       const std::string& signer_passphrase,
                                       const Clock& clock) const {
  if (auto d = check_days(request.days); !d) return d.error();
  if (auto p = check_person(request.name, request.nip); !p) return p.error();
  auto lock = DirectoryLock::take(dir_);
  if (!lock) return lock.error();
  auto registry = SignerRegistry::load(dir_);
  if (!registry) return registry.error();
  // Under the directory lock, so two `pki issue` commands cannot each give the person a role
  // unseen by the other.
  if (auto roles = registry->check_new_role(Person{request.name, request.nip}, request.role,
                                            request.allow_multiple_roles);
      !roles) {
    return roles.error();
  }
  auto ca = load_ca(dir_, ca_passphrase);
  if (!ca) return ca.error();
  if (auto made = ensure_directory(dir_ + "/signers"); !made) return made.error();

  auto key = generate_key();
  if (!key) return key.error();
  CertificateSpec spec;
  spec.kind = CertificateKind::kSigner;
  spec.subject = {{"CN", request.name}, {"title", role_name(request.role)}, {"OU", "SOP-PIAK-07"}};
  if (!request.nip.empty()) spec.subject.emplace_back("serialNumber", request.nip);
  if (!ca->organization.empty()) spec.subject.emplace_back("O", ca->organization);
  spec.not_before = clock.now() - kBackdate;
  spec.days = request.days;
  auto cert = build_certificate(spec, key->get(), ca->cert.get(), ca->key.get());
  if (!cert) return cert.error();
  auto key_pem = encrypted_key_pem(key->get(), signer_passphrase);
  if (!key_pem) return key_pem.error();

  const CertificateInfo info = describe(cert->get());
  SignerRecord record;
  record.id = registry->new_id(request.role, request.name);
  record.name = request.name;
  record.nip = request.nip;
  record.role = request.role;
  record.serial = info.serial;
  record.fingerprint = info.fingerprint;
  record.issuer = info.issuer;
  record.not_before = info.not_before;
  record.not_after = info.not_after;
  record.source = "issued";
  record.cert_file = "signers/" + record.id + ".crt";
  record.key_file = "signers/" + record.id + ".key";
  const std::string cert_path = dir_ + "/" + record.cert_file;
  const std::string key_path = dir_ + "/" + record.key_file;
  if (auto w = write_all({{key_path, *key_pem, 0600},
                          {cert_path, to_pem(cert->get()) + to_pem(ca->cert.get()), 0644}});
      !w) {
    return w.error();
  }
  if (auto added = registry->add(record); !added) {
    unlink(key_path.c_str());
    unlink(cert_path.c_str());
    return added.error();
  }
  return record;
}

Result<SignerRecord> Pki::import_p12(Role role, const std::string& name,
                                     const std::string& p12_path, const std::string& p12_passphrase,
                                     const std::string& nip, bool allow_multiple_roles) const {
  if (auto p = check_person(name, nip); !p) return p.error();
  if (auto made = ensure_directory(dir_); !made) return made.error();
  auto lock = DirectoryLock::take(dir_);
  if (!lock) return lock.error();
  auto registry = SignerRegistry::load(dir_);
  if (!registry) return registry.error();
  if (auto roles = registry->check_new_role(Person{name, nip}, role, allow_multiple_roles);
      !roles) {
    return roles.error();
  }
  auto data = read_file(p12_path);
  if (!data) return data.error();
  BioPtr in = memory_bio(*data);
  Pkcs12Ptr p12(d2i_PKCS12_bio(in.get(), nullptr));
  if (!p12) {
    clear_openssl_errors();
    return Error{fmt::format("{} is not a PKCS#12 file (.p12/.pfx)", p12_path)};
  }
  if (PKCS12_verify_mac(p12.get(), p12_passphrase.data(),
                        static_cast<int>(p12_passphrase.size())) != 1) {
    clear_openssl_errors();
    return Error{fmt::format("wrong passphrase for signer '{}' (file {})", name, p12_path)};
  }
  EVP_PKEY* raw_key = nullptr;
  X509* raw_cert = nullptr;
  STACK_OF(X509)* raw_chain = nullptr;
  if (PKCS12_parse(p12.get(), p12_passphrase.c_str(), &raw_key, &raw_cert, &raw_chain) != 1) {
    clear_openssl_errors();
    return Error{fmt::format("cannot open PKCS#12 file {}: {}", p12_path, openssl_reason())};
  }
  EvpPkeyPtr key(raw_key);
  X509Ptr cert(raw_cert);
  X509StackPtr chain(raw_chain);
  if (!key || !cert) {
    return Error{
        fmt::format("PKCS#12 file {} holds no private key with its certificate", p12_path)};
  }
  const CertificateInfo info = describe(cert.get());
  if (registry->find_fingerprint(info.fingerprint) != nullptr) {
    return Error{fmt::format("the certificate of {} (fingerprint {}) is registered already",
                             p12_path, info.fingerprint)};
  }
  if (auto made = ensure_directory(dir_ + "/signers"); !made) return made.error();
  SignerRecord record;
  record.id = registry->new_id(role, name);
  record.name = name;
  record.nip = nip;
  record.role = role;
  record.serial = info.serial;
  record.fingerprint = info.fingerprint;
  record.issuer = info.issuer;
  record.not_before = info.not_before;
  record.not_after = info.not_after;
  record.source = "imported";
  record.key_file = "signers/" + record.id + ".p12";
  const std::string path = dir_ + "/" + record.key_file;
  if (auto w = write_new_file(path, *data, 0600); !w) return w.error();
  if (auto added = registry->add(record); !added) {
    unlink(path.c_str());
    return added.error();
  }
  return record;
}

Result<AgentFiles> Pki::issue_agent(const AgentRequest& request, const std::string& ca_passphrase,
                                    const Clock& clock) const {
  if (auto d = check_days(request.days); !d) return d.error();
  if (request.host.empty() || request.host.find_first_of("/ \t\n") != std::string::npos ||
      request.host[0] == '.') {
    return Error{fmt::format("--host must be a host name or IP address, got \"{}\"", request.host)};
  }
  auto ca = load_ca(dir_, ca_passphrase);
  if (!ca) return ca.error();
  if (auto made = ensure_directory(dir_ + "/agents"); !made) return made.error();
  auto key = generate_key();
  if (!key) return key.error();
  CertificateSpec spec;
  spec.kind = CertificateKind::kAgent;
  spec.subject = {{"CN", request.host}, {"OU", "jaga agent"}};
  if (!ca->organization.empty()) spec.subject.emplace_back("O", ca->organization);
  spec.alt_names.push_back(request.host);
  for (const std::string& name : request.extra_names) spec.alt_names.push_back(name);
  spec.not_before = clock.now() - kBackdate;
  spec.days = request.days;
  auto cert = build_certificate(spec, key->get(), ca->cert.get(), ca->key.get());
  if (!cert) return cert.error();
  auto key_pem = plain_key_pem(key->get());
  if (!key_pem) return key_pem.error();
  AgentFiles files;
  files.cert_file = dir_ + "/agents/" + request.host + ".crt";
  files.key_file = dir_ + "/agents/" + request.host + ".key";
  files.ca_file = ca_cert_path();
  if (auto w = write_all(
          {{files.key_file, *key_pem, 0600}, {files.cert_file, to_pem(cert->get()), 0644}});
      !w) {
    return w.error();
  }
  files.cert = describe(cert->get());
  return files;
}

Result<std::vector<SignerRecord>> Pki::list_signers() const {
  auto registry = SignerRegistry::load(dir_);
  if (!registry) return registry.error();
  return registry->signers();
}

}  // namespace jaga::sign
