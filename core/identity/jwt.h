// bb::identity — compact JWS access tokens: HS256 only, strict parsing, machine-readable failures.
#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <utility>
#include <variant>

namespace bb::identity {

namespace Internal {
class HmacSha256;
}

/// Tokens longer than this are refused before any parsing (they never come from us).
constexpr qsizetype kMaxTokenBytes = 8 * 1024;

/// The claims Backbench puts in an access token. Times are NumericDate (seconds since epoch).
struct Claims {
    QString sub;               ///< user id
    QStringList roles;         ///< role names at issue time
    int tv = 0;                ///< the user's token version at issue time
    qint64 iat = 0;            ///< issued at
    qint64 exp = 0;            ///< expires at (exclusive)
    std::optional<qint64> nbf; ///< not valid before, when present
    QString jti;               ///< unique token id
    QString sid;               ///< the session (login) it belongs to; empty for tokens of none

    bool operator==(const Claims &) const = default;
};

/// Why a token was refused; the engine maps all of these to 401 but logs and counts them apart.
enum class JwtFailure {
    Malformed,    ///< not a well-formed compact JWS carrying our claims (also: too large)
    BadAlgorithm, ///< "alg" is missing or anything but exactly "HS256"
    BadSignature, ///< the HMAC does not match
    Expired,      ///< now is at or past exp (+ leeway)
    NotYetValid,  ///< now is before nbf (- leeway)
};

/// A stable lower-case name for logs and metrics labels, e.g. "bad_signature".
QString failureName(JwtFailure failure);

/// A refusal: the reason for code, the message for people (it never echoes token contents).
struct JwtError {
    JwtFailure reason = JwtFailure::Malformed;
    QString message;

    /// As a bb::Error (always ErrorCode::Invalid) for callers that only propagate it.
    bb::Error toError() const { return bb::Error::invalid(message); }
};

/// Either a value or a JwtError, shaped like bb::Result.
template<typename T> class [[nodiscard]] JwtResult {
public:
    JwtResult(T value)
        : m_v(std::move(value))
    {}
    JwtResult(JwtError error)
        : m_v(std::move(error))
    {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<0>(m_v); }
    T &&value() && { return std::get<0>(std::move(m_v)); }
    const T *operator->() const { return &value(); }
    const T &operator*() const & { return value(); }
    const JwtError &error() const { return std::get<1>(m_v); }

private:
    std::variant<T, JwtError> m_v;
};

/// The three segments of a compact JWS, already base64url-decoded.
struct JwsParts {
    QByteArray signingInput; ///< "<header b64>.<payload b64>", the bytes the MAC covers
    QByteArray header;       ///< decoded header JSON
    QByteArray payload;      ///< decoded payload JSON
    QByteArray signature;    ///< decoded signature bytes
};

/// Splits a compact JWS: size limit, exactly three non-empty segments, strict base64url.
JwtResult<JwsParts> splitCompact(QByteArrayView token);

/// HMAC-SHA256 of data under key (exposed for tests against RFC 7515 A.1).
QByteArray hmacSha256(QByteArrayView key, QByteArrayView data);

/// Checks the signature in constant time. Says nothing about the header or the claims.
bool verifySignature(const JwsParts &parts, QByteArrayView key);

/// Validates a decoded header: a JSON object with "alg" exactly "HS256", "typ" absent or
/// "JWT", and no "crit" (we understand no extensions, so we must refuse them).
JwtResult<std::monostate> checkHeader(QByteArrayView headerJson);

/// Parses decoded payload JSON into Claims: sub, exp, iat, tv and jti required with the right
/// types, duplicates refused, unknown claims ignored. Does not look at the clock.
JwtResult<Claims> parseClaims(QByteArrayView payloadJson);

/// Checks exp and nbf against now, allowing leewaySeconds of clock skew.
std::optional<JwtError> checkTimes(const Claims &claims, qint64 nowSeconds,
                                   qint64 leewaySeconds = 0);

/// Signs claims with HS256; the header is {"alg":"HS256","typ":"JWT"}.
QByteArray sign(const Claims &claims, QByteArrayView key);

/// The full check, cheapest and least trusting first: split, header, signature, then claims and
/// times. The caller still compares tv with the user's current version (isStale).
JwtResult<Claims> verify(QByteArrayView token, QByteArrayView key, qint64 nowSeconds,
                         qint64 leewaySeconds = 0);

/// The same checks as the free functions above, for callers that hold one signing key for a
/// long time: the HMAC key schedule is computed once, here, instead of on every call. verify()
/// and sign() only read the object, so any number of threads may call them concurrently; copies
/// share the precomputed state.
class JwtVerifier {
public:
    explicit JwtVerifier(QByteArrayView key);

    /// verify(token, key, nowSeconds, leewaySeconds), with this object's key.
    JwtResult<Claims> verify(QByteArrayView token, qint64 nowSeconds,
                             qint64 leewaySeconds = 0) const;
    /// sign(claims, key), with this object's key.
    QByteArray sign(const Claims &claims) const;
    /// verifySignature(parts, key), with this object's key.
    bool verifySignature(const JwsParts &parts) const;

private:
    std::shared_ptr<const Internal::HmacSha256> m_mac;
};

/// True when the token was issued before the user's token version last changed (password,
/// role or disable), or carries a version the user never had.
inline bool isStale(const Claims &claims, int currentVersion)
{
    return claims.tv != currentVersion;
}

} // namespace bb::identity
