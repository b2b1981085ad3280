#include "identity/password_hasher.h"

#include <QList>

#include "identity/sodium_p.h"

#include <mutex>

namespace bb::identity {

namespace {

// Wipes the UTF-8 copy of a password when it goes out of scope.
struct SecretBytes {
    explicit SecretBytes(const QString &text)
        : bytes(text.toUtf8())
    {}
    ~SecretBytes() { sodium_memzero(bytes.data(), static_cast<size_t>(bytes.size())); }
    SecretBytes(const SecretBytes &) = delete;
    SecretBytes &operator=(const SecretBytes &) = delete;
    QByteArray bytes;
};

// libsodium wants a NUL-terminated string that fits in crypto_pwhash_STRBYTES.
bool toCString(const QByteArray &stored, char (&out)[crypto_pwhash_STRBYTES])
{
    if (stored.size() >= qsizetype(crypto_pwhash_STRBYTES) || stored.contains('\0'))
        return false;
    sodium_memzero(out, sizeof out);
    memcpy(out, stored.constData(), static_cast<size_t>(stored.size()));
    return true;
}

} // namespace

struct PasswordHasher::Dummy {
    std::once_flag once;
    QByteArray hash;
};

PasswordHasher::PasswordHasher()
    : PasswordHasher(PasswordParams{})
{}

PasswordHasher::PasswordHasher(const PasswordParams &params)
    : m_params(params)
    , m_dummy(std::make_shared<Dummy>())
{
    Internal::ensureSodium();
}

bb::Result<PasswordHasher> PasswordHasher::create(const PasswordParams &params)
{
    if (params.memoryBytes < PasswordParams::kMinMemoryBytes ||
        params.iterations < PasswordParams::kMinIterations)
        return bb::Error::invalid(
            QStringLiteral("Argon2id parameters below the OWASP minimum (m=19 MiB, t=2): "
                           "m=%1 bytes, t=%2")
                .arg(params.memoryBytes)
                .arg(params.iterations));
    if (params.memoryBytes > crypto_pwhash_MEMLIMIT_MAX ||
        params.iterations > crypto_pwhash_OPSLIMIT_MAX)
        return bb::Error::invalid(QStringLiteral("Argon2id parameters above libsodium's limits"));
    return PasswordHasher(params);
}

bb::Result<QByteArray> PasswordHasher::hash(const QString &password) const
{
    const SecretBytes secret(password);
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, secret.bytes.constData(),
                              static_cast<unsigned long long>(secret.bytes.size()),
                              m_params.iterations, static_cast<size_t>(m_params.memoryBytes),
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return bb::Error::internal(
            QStringLiteral("Argon2id hashing failed (out of memory for m=%1 bytes?)")
                .arg(m_params.memoryBytes));
    return QByteArray(out);
}

bool PasswordHasher::verify(const QString &password, const QByteArray &stored) const
{
    char str[crypto_pwhash_STRBYTES];
    if (!toCString(stored, str))
        return false;
    const SecretBytes secret(password);
    return crypto_pwhash_str_verify(str, secret.bytes.constData(),
                                    static_cast<unsigned long long>(secret.bytes.size())) == 0;
}

void PasswordHasher::dummyVerify() const
{
    // Hashed once, lazily: creating a hasher stays cheap, and the first unknown-user login
    // pays one extra hash. The password differs from the one verified so this always fails.
    std::call_once(m_dummy->once, [this] {
        auto h = hash(QStringLiteral("backbench-dummy-password"));
        m_dummy->hash = h ? *h : QByteArray();
    });
    const bool matched = verify(QStringLiteral("not-the-dummy-password"), m_dummy->hash);
    Q_UNUSED(matched);
}

bool PasswordHasher::needsRehash(const QByteArray &stored, const PasswordParams &params)
{
    Internal::ensureSodium();
    char str[crypto_pwhash_STRBYTES];
    if (!toCString(stored, str))
        return true;
    // libsodium's check accepts an Argon2i string with matching costs; we want Argon2id.
    if (!stored.startsWith("$argon2id$"))
        return true;
    // It also parses only the costs: a hash cut short still decodes when its last base64
    // characters happen to leave no stray bits. Only the exact shape hash() writes is current:
    // $argon2id$v=..$m=..,t=..,p=..$<salt>$<hash>, salt and hash unpadded base64.
    const QList<QByteArray> parts = stored.split('$');
    constexpr qsizetype kSaltChars = (crypto_pwhash_SALTBYTES * 4 + 2) / 3;
    constexpr qsizetype kHashBytes = 32; // the tag length crypto_pwhash_str always writes
    constexpr qsizetype kHashChars = (kHashBytes * 4 + 2) / 3;
    if (parts.size() != 6 || parts[4].size() != kSaltChars || parts[5].size() != kHashChars)
        return true;
    return crypto_pwhash_str_needs_rehash(str, params.iterations,
                                          static_cast<size_t>(params.memoryBytes)) != 0;
}

} // namespace bb::identity
