// The SHA256_Init/Update/Final functions are deprecated in OpenSSL 3 in favour of EVP, but EVP
// cannot copy a digest state without allocating a new context, and that copy is the whole point
// here. They remain part of OpenSSL 3's supported API, so silence the deprecation for this file.
#define OPENSSL_SUPPRESS_DEPRECATED

#include "identity/jwt_hmac_p.h"

#include <openssl/crypto.h>

#include <cstring>

namespace bb::identity::Internal {

namespace {

constexpr int kBlockBytes = 64; // SHA-256 block size, the HMAC key length after padding

} // namespace

HmacSha256::HmacSha256(QByteArrayView key)
{
    unsigned char block[kBlockBytes] = {};
    // RFC 2104: keys longer than a block are replaced by their hash, shorter ones zero-padded.
    if (key.size() > kBlockBytes)
        SHA256(reinterpret_cast<const unsigned char *>(key.data()), size_t(key.size()), block);
    else if (!key.isEmpty())
        std::memcpy(block, key.data(), size_t(key.size()));
    unsigned char pad[kBlockBytes];
    for (int i = 0; i < kBlockBytes; ++i)
        pad[i] = block[i] ^ 0x36;
    SHA256_Init(&m_inner);
    SHA256_Update(&m_inner, pad, kBlockBytes);
    for (int i = 0; i < kBlockBytes; ++i)
        pad[i] = block[i] ^ 0x5c;
    SHA256_Init(&m_outer);
    SHA256_Update(&m_outer, pad, kBlockBytes);
    // Both buffers are key material; the states above are too, and are wiped in the destructor.
    OPENSSL_cleanse(block, sizeof block);
    OPENSSL_cleanse(pad, sizeof pad);
}

HmacSha256::~HmacSha256()
{
    OPENSSL_cleanse(&m_inner, sizeof m_inner);
    OPENSSL_cleanse(&m_outer, sizeof m_outer);
}

void HmacSha256::mac(QByteArrayView data, unsigned char out[kBytes]) const
{
    // SHA256_CTX is plain data (no pointers), so a struct copy is a complete state copy.
    SHA256_CTX ctx = m_inner;
    unsigned char inner[kBytes];
    SHA256_Update(&ctx, data.data(), size_t(data.size()));
    SHA256_Final(inner, &ctx);
    ctx = m_outer;
    SHA256_Update(&ctx, inner, kBytes);
    SHA256_Final(out, &ctx);
    OPENSSL_cleanse(&ctx, sizeof ctx);
}

} // namespace bb::identity::Internal
