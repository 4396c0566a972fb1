// RAII owners for the OpenSSL handles the sign area uses, each freed by its own OpenSSL free
// function, and the one place that turns OpenSSL's error queue into a sentence.
#pragma once

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace jaga::sign {

template <typename T, void (*Free)(T*)>
struct OpenSslDeleter {
  void operator()(T* p) const { Free(p); }
};

inline void free_bio(BIO* b) { BIO_free_all(b); }
inline void free_x509_stack(STACK_OF(X509) * s) { sk_X509_pop_free(s, X509_free); }

using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY, EVP_PKEY_free>>;
using EvpPkeyCtxPtr =
    std::unique_ptr<EVP_PKEY_CTX, OpenSslDeleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, OpenSslDeleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509, X509_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, OpenSslDeleter<X509_NAME, X509_NAME_free>>;
using X509StorePtr = std::unique_ptr<X509_STORE, OpenSslDeleter<X509_STORE, X509_STORE_free>>;
using X509StoreCtxPtr =
    std::unique_ptr<X509_STORE_CTX, OpenSslDeleter<X509_STORE_CTX, X509_STORE_CTX_free>>;
using X509StackPtr =
    std::unique_ptr<STACK_OF(X509), OpenSslDeleter<STACK_OF(X509), free_x509_stack>>;
using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO, free_bio>>;
using CmsPtr =
    std::unique_ptr<CMS_ContentInfo, OpenSslDeleter<CMS_ContentInfo, CMS_ContentInfo_free>>;
using Pkcs12Ptr = std::unique_ptr<PKCS12, OpenSslDeleter<PKCS12, PKCS12_free>>;
using Asn1IntegerPtr =
    std::unique_ptr<ASN1_INTEGER, OpenSslDeleter<ASN1_INTEGER, ASN1_INTEGER_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<BIGNUM, BN_free>>;

// Takes a reference on `cert` (X509_up_ref) and returns an owner of it.
X509Ptr share(X509* cert);
X509Ptr copy(const X509Ptr& cert);
EvpPkeyPtr share(EVP_PKEY* key);

// A memory BIO reading `data` (which must outlive the BIO).
BioPtr memory_bio(std::string_view data);
// Everything written into a memory BIO.
std::string bio_contents(BIO* bio);

// The oldest queued OpenSSL error as a short reason ("bad decrypt"), or "unknown OpenSSL error";
// clears the queue. Messages for people use it after a sentence of our own, never alone.
std::string openssl_reason();
// Clears OpenSSL's error queue (before an operation whose failure we explain ourselves).
void clear_openssl_errors();

}  // namespace jaga::sign
