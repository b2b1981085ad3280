// Test support for the identity suites: an engine fixture whose PostgreSQL databases are unique
// per fixture (a suite starts several engines), a known token signing key so a test can sign its
// own expired or foreign tokens, and small helpers for the auth and admin API.
#pragma once

#include "engine_fixture.h"
#include "test_http_client.h"

#include "engine/engine.h"
#include "identity/jwt.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUrl>

#include <atomic>

namespace bbtest {

/// The HS256 secret the suites give the engine through BACKBENCH_JWT_SECRET (64 hex digits).
inline const QByteArray kJwtSecretHex =
    "7f3c9a1e5b2d4f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";
inline QByteArray jwtKey()
{
    return QByteArray::fromHex(kJwtSecretHex);
}

/// The engine suites' fixture (a data folder, and a database of its own per instance on
/// PostgreSQL), with the auth rate limit off so suites can log in freely.
class IdentityFixture : public EngineFixture {
public:
    /// A demo engine on a free port with the app's own admin (for setting things up) and no
    /// generated first admin.
    bb::engine::EngineConfig config() const
    {
        bb::engine::EngineConfig c = EngineFixture::config();
        c.authRatePerSecond = 0;
        return c;
    }
};

using Headers = QList<QPair<QByteArray, QByteArray>>;

inline Headers bearer(const QByteArray &token)
{
    return {{"Authorization", token.isEmpty() ? QByteArray() : "Bearer " + token}};
}

inline QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

/// base64url without padding, as JWS uses it.
inline QByteArray b64url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

/// The decoded payload of a compact JWS (no checks).
inline QJsonObject jwtPayload(const QByteArray &token)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return {};
    return QJsonDocument::fromJson(QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding))
        .object();
}

/// The claims of a token the engine issued, verified with the known key.
inline bb::identity::Claims claimsOf(const QByteArray &token)
{
    auto c = bb::identity::verify(token, jwtKey(), QDateTime::currentSecsSinceEpoch());
    return c ? *c : bb::identity::Claims{};
}

/// The trace id of a response's traceparent ("00-<trace>-<span>-01").
inline QByteArray traceIdOf(const HttpResult &r)
{
    return r.header("traceparent").split('-').value(1);
}

} // namespace bbtest
