// bb::identity — Argon2id password hashing through libsodium, with rehash and timing-equaliser.
#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace bb::identity {

/// Argon2id cost. libsodium always uses one lane (p = 1). The defaults are OWASP's minimum.
struct PasswordParams {
    quint64 memoryBytes = 19ull * 1024 * 1024; ///< m = 19 MiB
    quint64 iterations = 2;                    ///< t = 2

    static constexpr quint64 kMinMemoryBytes = 19ull * 1024 * 1024;
    static constexpr quint64 kMinIterations = 2;
};

/// Hashes and verifies passwords. Copies share the lazily computed dummy hash; every method
/// is safe to call from several threads at once.
class PasswordHasher {
public:
    /// A hasher with the OWASP defaults.
    PasswordHasher();

    /// A hasher with custom costs; refuses anything below OWASP's minimum or above
    /// libsodium's maximum.
    static bb::Result<PasswordHasher> create(const PasswordParams &params);

    const PasswordParams &params() const { return m_params; }

    /// The PHC string ("$argon2id$v=19$m=...,t=...,p=1$salt$hash") with a fresh random salt.
    bb::Result<QByteArray> hash(const QString &password) const;

    /// True when password matches stored; the comparison inside libsodium is constant-time.
    /// A malformed stored string simply does not match.
    bool verify(const QString &password, const QByteArray &stored) const;

    /// Costs what verify() costs and always fails: call it for an unknown user so that the
    /// answer takes as long as for a known user with a wrong password.
    void dummyVerify() const;

    /// True when stored was made with other costs than params, or is not Argon2id; the caller
    /// rehashes on the next successful login.
    static bool needsRehash(const QByteArray &stored, const PasswordParams &params);
    bool needsRehash(const QByteArray &stored) const { return needsRehash(stored, m_params); }

private:
    explicit PasswordHasher(const PasswordParams &params);

    struct Dummy;
    PasswordParams m_params;
    std::shared_ptr<Dummy> m_dummy;
};

} // namespace bb::identity
