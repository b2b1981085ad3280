#include "identity/opaque_token.h"

#include "identity/base64url.h"
#include "identity/sodium_p.h"

#include <QCryptographicHash>

#include <openssl/crypto.h>

namespace bb::identity {

namespace {

constexpr char kPrefix[] = "bbk_";
constexpr char kIdAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";

QByteArray randomBytes(qsizetype n)
{
    Internal::ensureSodium();
    QByteArray bytes(n, Qt::Uninitialized);
    randombytes_buf(bytes.data(), static_cast<size_t>(n));
    return bytes;
}

bool isIdChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

} // namespace

QByteArray newRefreshToken()
{
    return base64UrlEncode(randomBytes(32));
}

QByteArray sha256Hex(QByteArrayView text)
{
    return QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex();
}

bool hashesEqual(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size() || a.isEmpty())
        return false;
    return CRYPTO_memcmp(a.data(), b.data(), static_cast<size_t>(a.size())) == 0;
}

QByteArray ApiKey::text() const
{
    return kPrefix + id + '_' + secret;
}

ApiKey newApiKey()
{
    Internal::ensureSodium();
    ApiKey key;
    key.id.reserve(ApiKey::kIdLength);
    // randombytes_uniform avoids the modulo bias of picking from 36 symbols with a byte.
    for (qsizetype i = 0; i < ApiKey::kIdLength; ++i)
        key.id.append(kIdAlphabet[randombytes_uniform(sizeof kIdAlphabet - 1)]);
    key.secret = base64UrlEncode(randomBytes(32));
    return key;
}

bb::Result<ApiKey> parseApiKey(QByteArrayView text)
{
    const auto bad = [](const char *why) {
        return bb::Error::invalid(QStringLiteral("malformed API key: %1").arg(QLatin1String(why)));
    };
    if (text.size() != ApiKey::kTextLength)
        return bad("wrong length");
    if (!text.startsWith(QByteArrayView(kPrefix)))
        return bad("it must start with bbk_");
    const QByteArrayView id = text.sliced(4, ApiKey::kIdLength);
    for (const char c : id) {
        if (!isIdChar(c))
            return bad("the id must be lower-case letters and digits");
    }
    if (text[4 + ApiKey::kIdLength] != '_')
        return bad("missing '_' after the id");
    const QByteArrayView secret = text.sliced(4 + ApiKey::kIdLength + 1);
    const auto decoded = base64UrlDecode(secret);
    if (!decoded || decoded->size() != 32)
        return bad("the secret is not 32 bytes of base64url");
    return ApiKey{id.toByteArray(), secret.toByteArray()};
}

bool verifyApiKeySecret(QByteArrayView secret, QByteArrayView storedSha256Hex)
{
    return hashesEqual(sha256Hex(secret), storedSha256Hex);
}

} // namespace bb::identity
