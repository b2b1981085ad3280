// bb::identity — opaque secrets: refresh tokens and API keys, stored only as SHA-256 hashes.
#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace bb::identity {

/// A fresh refresh token: 256 random bits as 43 characters of base64url.
QByteArray newRefreshToken();

/// Lower-case hex SHA-256 of text; what the database keeps instead of a token or key.
QByteArray sha256Hex(QByteArrayView text);

/// Constant-time equality of two stored hashes (the time depends only on the lengths).
bool hashesEqual(QByteArrayView a, QByteArrayView b);

/// The parts of an API key "bbk_<id>_<secret>". The id is public and indexes the key's row;
/// only sha256Hex(secret) is stored.
struct ApiKey {
    static constexpr qsizetype kIdLength = 8;      ///< [a-z0-9]
    static constexpr qsizetype kSecretLength = 43; ///< base64url of 32 random bytes
    static constexpr qsizetype kTextLength = 4 + kIdLength + 1 + kSecretLength;

    QByteArray id;
    QByteArray secret;

    /// The full key as shown to the user once.
    QByteArray text() const;

    bool operator==(const ApiKey &) const = default;
};

/// A new API key with a random id and secret.
ApiKey newApiKey();

/// Splits "bbk_<id>_<secret>", checking the prefix, the lengths and both alphabets, so that a
/// lookup by id only happens for well-formed keys.
bb::Result<ApiKey> parseApiKey(QByteArrayView text);

/// True when secret hashes to storedSha256Hex, compared in constant time.
bool verifyApiKeySecret(QByteArrayView secret, QByteArrayView storedSha256Hex);

} // namespace bb::identity
