// bb::identity — the HS256 signing key: from BACKBENCH_JWT_SECRET, or a 0600 file in the data
// folder.
#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace bb::identity {

/// The HMAC key that signs and verifies access tokens.
class SigningKey {
public:
    /// Where the key came from, for the startup log line (never the key itself).
    enum class Origin { Environment, File, Generated };

    /// HS256 needs a key at least as long as its output (RFC 7518 §3.2).
    static constexpr qsizetype kMinBytes = 32;

    static constexpr const char *kEnvVar = "BACKBENCH_JWT_SECRET";
    static constexpr const char *kFileName = "jwt.key";

    /// Reads BACKBENCH_JWT_SECRET when it is set, otherwise <dataDir>/jwt.key, generating that
    /// file on first start.
    static bb::Result<SigningKey> load(const QString &dataDir);

    /// As load(), with the environment variable's value passed in (empty means unset).
    static bb::Result<SigningKey> load(const QString &dataDir, const QByteArray &envValue);

    /// Decodes a secret given as hex or base64 (standard or URL alphabet, padding optional).
    /// Text made only of hex digits is read as hex. Refuses fewer than kMinBytes bytes.
    static bb::Result<SigningKey> fromSecretText(QByteArrayView text);

    /// Reads the key file, or creates it with 32 random bytes and mode 0600 when missing.
    /// Refuses a file that group or others can read or write.
    static bb::Result<SigningKey> loadOrCreateFile(const QString &path);

    const QByteArray &bytes() const { return m_bytes; }
    Origin origin() const { return m_origin; }

private:
    SigningKey(QByteArray bytes, Origin origin)
        : m_bytes(std::move(bytes))
        , m_origin(origin)
    {}

    QByteArray m_bytes;
    Origin m_origin;
};

} // namespace bb::identity
