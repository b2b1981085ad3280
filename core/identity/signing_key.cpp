#include "identity/signing_key.h"

#include "identity/sodium_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cerrno>
#include <cstring>

#include <sys/stat.h>

namespace bb::identity {

namespace {

bool isHex(QByteArrayView text)
{
    if (text.isEmpty() || text.size() % 2 != 0)
        return false;
    for (const char c : text) {
        const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!hex)
            return false;
    }
    return true;
}

std::optional<QByteArray> decodeBase64(QByteArrayView text)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        text.toByteArray(), QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    if (decoded)
        return decoded.decoded;
    const auto url = QByteArray::fromBase64Encoding(text.toByteArray(),
                                                    QByteArray::Base64UrlEncoding |
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (url)
        return url.decoded;
    return std::nullopt;
}

QString chmodHint(const QString &path)
{
    return QStringLiteral("run: chmod 600 %1").arg(path);
}

} // namespace

bb::Result<SigningKey> SigningKey::load(const QString &dataDir)
{
    return load(dataDir, qgetenv(kEnvVar));
}

bb::Result<SigningKey> SigningKey::load(const QString &dataDir, const QByteArray &envValue)
{
    if (!envValue.isEmpty()) {
        auto key = fromSecretText(envValue);
        if (!key)
            return bb::Error::invalid(
                QStringLiteral("%1: %2").arg(QLatin1String(kEnvVar), key.error().message));
        return key;
    }
    if (!QDir().mkpath(dataDir))
        return bb::Error::io(QStringLiteral("cannot create the data folder %1").arg(dataDir));
    return loadOrCreateFile(QDir(dataDir).filePath(QLatin1String(kFileName)));
}

bb::Result<SigningKey> SigningKey::fromSecretText(QByteArrayView text)
{
    const QByteArrayView trimmed = text.trimmed();
    std::optional<QByteArray> bytes;
    if (isHex(trimmed))
        bytes = QByteArray::fromHex(trimmed.toByteArray());
    else
        bytes = decodeBase64(trimmed);
    if (!bytes || bytes->isEmpty())
        return bb::Error::invalid(
            QStringLiteral("the secret is neither hex nor base64 (generate one with: "
                           "openssl rand -base64 32)"));
    if (bytes->size() < kMinBytes)
        return bb::Error::invalid(
            QStringLiteral("the secret is %1 bytes; HS256 needs at least %2 (generate one with: "
                           "openssl rand -base64 32)")
                .arg(bytes->size())
                .arg(kMinBytes));
    return SigningKey(std::move(*bytes), Origin::Environment);
}

bb::Result<SigningKey> SigningKey::loadOrCreateFile(const QString &path)
{
    struct stat st {};
    const QByteArray nativePath = QFile::encodeName(path);
    if (::stat(nativePath.constData(), &st) == 0) {
        // A key others can read lets them mint admin tokens; one they can write lets them
        // swap it. Refuse rather than silently fix, so the operator notices the exposure.
        if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
            return bb::Error::invalid(
                QStringLiteral("the JWT signing key file %1 is accessible by group or others "
                               "(mode %2); %3")
                    .arg(path)
                    .arg(st.st_mode & 0777, 3, 8, QLatin1Char('0'))
                    .arg(chmodHint(path)));
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return bb::Error::io(QStringLiteral("cannot read the JWT signing key file %1: %2")
                                     .arg(path, file.errorString()));
        auto key = fromSecretText(file.read(4096));
        if (!key)
            return bb::Error::invalid(QStringLiteral("the JWT signing key file %1 is unusable: %2")
                                          .arg(path, key.error().message));
        return SigningKey(key->bytes(), Origin::File);
    }
    if (errno != ENOENT)
        return bb::Error::io(QStringLiteral("cannot inspect the JWT signing key file %1: %2")
                                 .arg(path, QString::fromLocal8Bit(strerror(errno))));

    Internal::ensureSodium();
    QByteArray bytes(kMinBytes, Qt::Uninitialized);
    randombytes_buf(bytes.data(), static_cast<size_t>(bytes.size()));
    // QSaveFile writes a temporary file and renames it, so a crash never leaves half a key.
    // The temporary is narrowed to 0600 before any secret byte is written to it.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return bb::Error::io(QStringLiteral("cannot create the JWT signing key file %1: %2")
                                 .arg(path, file.errorString()));
    file.write(bytes.toBase64() + '\n');
    if (!file.commit())
        return bb::Error::io(QStringLiteral("cannot write the JWT signing key file %1: %2")
                                 .arg(path, file.errorString()));
    if (::chmod(nativePath.constData(), S_IRUSR | S_IWUSR) != 0)
        return bb::Error::io(QStringLiteral("cannot set mode 0600 on %1").arg(path));
    return SigningKey(std::move(bytes), Origin::Generated);
}

} // namespace bb::identity
