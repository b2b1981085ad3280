// bb::identity (private) — HMAC-SHA256 with the key schedule done once per key.
#pragma once

#include <QByteArrayView>

#include <openssl/sha.h>

namespace bb::identity::Internal {

/// HMAC-SHA256 (RFC 2104) under one key. The constructor hashes the ipad and opad blocks once;
/// each mac() then copies those two SHA-256 states and finishes them, with no allocation and no
/// OpenSSL provider lookup (which is what made HMAC() cost microseconds per call). mac() only
/// reads the object, so one instance may serve any number of threads at once.
class HmacSha256 {
public:
    static constexpr int kBytes = 32;

    explicit HmacSha256(QByteArrayView key);
    ~HmacSha256();
    HmacSha256(const HmacSha256 &) = delete;
    HmacSha256 &operator=(const HmacSha256 &) = delete;

    void mac(QByteArrayView data, unsigned char out[kBytes]) const;

private:
    SHA256_CTX m_inner; ///< state after absorbing key ^ ipad
    SHA256_CTX m_outer; ///< state after absorbing key ^ opad
};

} // namespace bb::identity::Internal
