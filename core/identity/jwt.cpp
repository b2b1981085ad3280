#include "identity/jwt.h"

#include "identity/base64url.h"
#include "identity/jwt_hmac_p.h"
#include "identity/jwt_json_p.h"
#include "identity/jwt_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <limits>

#include <openssl/crypto.h>

namespace bb::identity {

namespace {

using Internal::HmacSha256;
using Internal::kMaxNumericDate;
constexpr int kSha256Bytes = HmacSha256::kBytes;

// The header sign() writes, {"alg":"HS256","typ":"JWT"}, base64url-encoded.
constexpr QByteArrayView kOurHeaderB64 = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
// A 32-byte MAC is 43 unpadded base64url characters.
constexpr qsizetype kSignatureB64Chars = 43;

JwtError malformed(const QString &why)
{
    return {JwtFailure::Malformed, QStringLiteral("malformed token: %1").arg(why)};
}

// QJsonValue::toInteger returns its default for non-integral doubles; two different defaults
// tell "integral" from "not".
std::optional<qint64> integerOf(const QJsonValue &v)
{
    if (!v.isDouble())
        return std::nullopt;
    const qint64 a = v.toInteger(0);
    const qint64 b = v.toInteger(1);
    if (a != b)
        return std::nullopt;
    return a;
}

std::optional<qint64> numericDate(const QJsonObject &obj, const QString &name, QString *why)
{
    const auto v = integerOf(obj.value(name));
    if (!v || *v < 0 || *v > kMaxNumericDate) {
        *why = QStringLiteral("claim \"%1\" must be a whole number of seconds").arg(name);
        return std::nullopt;
    }
    return v;
}

std::optional<QString> requiredString(const QJsonObject &obj, const QString &name, QString *why)
{
    const QJsonValue v = obj.value(name);
    if (!v.isString() || v.toString().isEmpty()) {
        *why = QStringLiteral("claim \"%1\" must be a non-empty string").arg(name);
        return std::nullopt;
    }
    return v.toString();
}

bool verifySignatureWith(const HmacSha256 &mac, const JwsParts &parts);
QByteArray signWith(const HmacSha256 &mac, const Claims &claims);
JwtResult<Claims> verifyStrictWith(const HmacSha256 &mac, QByteArrayView token, qint64 nowSeconds,
                                   qint64 leewaySeconds);
JwtResult<Claims> verifyWith(const HmacSha256 &mac, QByteArrayView token, qint64 nowSeconds,
                             qint64 leewaySeconds);

} // namespace

QString failureName(JwtFailure failure)
{
    switch (failure) {
    case JwtFailure::Malformed:
        return QStringLiteral("malformed");
    case JwtFailure::BadAlgorithm:
        return QStringLiteral("bad_algorithm");
    case JwtFailure::BadSignature:
        return QStringLiteral("bad_signature");
    case JwtFailure::Expired:
        return QStringLiteral("expired");
    case JwtFailure::NotYetValid:
        return QStringLiteral("not_yet_valid");
    }
    return QStringLiteral("unknown");
}

JwtResult<JwsParts> splitCompact(QByteArrayView token)
{
    if (token.size() > kMaxTokenBytes)
        return malformed(QStringLiteral("longer than %1 bytes").arg(kMaxTokenBytes));
    const qsizetype dot1 = token.indexOf('.');
    const qsizetype dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
    if (dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0)
        return malformed(QStringLiteral("a compact JWS has exactly three segments"));
    const QByteArrayView h = token.first(dot1);
    const QByteArrayView p = token.sliced(dot1 + 1, dot2 - dot1 - 1);
    const QByteArrayView s = token.sliced(dot2 + 1);
    if (h.isEmpty() || p.isEmpty() || s.isEmpty())
        return malformed(QStringLiteral("empty segment"));
    auto header = base64UrlDecode(h);
    auto payload = base64UrlDecode(p);
    auto signature = base64UrlDecode(s);
    if (!header || !payload || !signature)
        return malformed(QStringLiteral("segment is not unpadded base64url"));
    return JwsParts{token.first(dot2).toByteArray(), std::move(*header), std::move(*payload),
                    std::move(*signature)};
}

QByteArray hmacSha256(QByteArrayView key, QByteArrayView data)
{
    QByteArray mac(kSha256Bytes, Qt::Uninitialized);
    HmacSha256(key).mac(data, reinterpret_cast<unsigned char *>(mac.data()));
    return mac;
}

bool verifySignature(const JwsParts &parts, QByteArrayView key)
{
    return verifySignatureWith(HmacSha256(key), parts);
}

JwtResult<std::monostate> checkHeader(QByteArrayView headerJson)
{
    QString why;
    const auto header = Internal::parseStrictJsonObject(headerJson, &why);
    if (!header)
        return malformed(QStringLiteral("header: %1").arg(why));
    const QJsonValue alg = header->value(QLatin1String("alg"));
    // Exact, case-sensitive match: "none", "hs256" and "HS512" are all refused.
    if (!alg.isString() || alg.toString() != QLatin1String("HS256"))
        return JwtError{JwtFailure::BadAlgorithm, QStringLiteral("token algorithm must be HS256")};
    if (header->contains(QLatin1String("crit")))
        return malformed(QStringLiteral("header \"crit\" extensions are not supported"));
    const QJsonValue typ = header->value(QLatin1String("typ"));
    if (!typ.isUndefined() &&
        (!typ.isString() || typ.toString().compare(QLatin1String("JWT"), Qt::CaseInsensitive)))
        return malformed(QStringLiteral("header \"typ\" must be JWT"));
    return std::monostate{};
}

JwtResult<Claims> parseClaims(QByteArrayView payloadJson)
{
    QString why;
    const auto obj = Internal::parseStrictJsonObject(payloadJson, &why);
    if (!obj)
        return malformed(QStringLiteral("payload: %1").arg(why));
    Claims c;
    auto sub = requiredString(*obj, QStringLiteral("sub"), &why);
    auto jti = sub ? requiredString(*obj, QStringLiteral("jti"), &why) : std::nullopt;
    auto iat = jti ? numericDate(*obj, QStringLiteral("iat"), &why) : std::nullopt;
    auto exp = iat ? numericDate(*obj, QStringLiteral("exp"), &why) : std::nullopt;
    if (!exp)
        return malformed(why);
    c.sub = std::move(*sub);
    c.jti = std::move(*jti);
    c.iat = *iat;
    c.exp = *exp;
    const auto tv = integerOf(obj->value(QLatin1String("tv")));
    if (!tv || *tv < std::numeric_limits<int>::min() || *tv > std::numeric_limits<int>::max())
        return malformed(QStringLiteral("claim \"tv\" must be an integer"));
    c.tv = static_cast<int>(*tv);
    if (obj->contains(QLatin1String("nbf"))) {
        c.nbf = numericDate(*obj, QStringLiteral("nbf"), &why);
        if (!c.nbf)
            return malformed(why);
    }
    if (obj->contains(QLatin1String("sid"))) {
        const QJsonValue sid = obj->value(QLatin1String("sid"));
        if (!sid.isString() || sid.toString().isEmpty())
            return malformed(QStringLiteral("claim \"sid\" must be a non-empty string"));
        c.sid = sid.toString();
    }
    if (obj->contains(QLatin1String("roles"))) {
        const QJsonValue roles = obj->value(QLatin1String("roles"));
        if (!roles.isArray())
            return malformed(QStringLiteral("claim \"roles\" must be an array of strings"));
        for (const QJsonValue &r : roles.toArray()) {
            if (!r.isString())
                return malformed(QStringLiteral("claim \"roles\" must be an array of strings"));
            c.roles.append(r.toString());
        }
    }
    return c;
}

std::optional<JwtError> checkTimes(const Claims &claims, qint64 nowSeconds, qint64 leewaySeconds)
{
    // Claims are bounded by parseClaims, so only the caller's values need clamping.
    const qint64 leeway = std::clamp<qint64>(leewaySeconds, 0, kMaxNumericDate);
    const qint64 now = std::clamp<qint64>(nowSeconds, -kMaxNumericDate, 2 * kMaxNumericDate);
    if (now - leeway >= claims.exp)
        return JwtError{JwtFailure::Expired, QStringLiteral("token expired")};
    if (claims.nbf && now + leeway < *claims.nbf)
        return JwtError{JwtFailure::NotYetValid, QStringLiteral("token not valid yet")};
    return std::nullopt;
}

QByteArray sign(const Claims &claims, QByteArrayView key)
{
    return signWith(HmacSha256(key), claims);
}

JwtResult<Claims> verify(QByteArrayView token, QByteArrayView key, qint64 nowSeconds,
                         qint64 leewaySeconds)
{
    return verifyWith(HmacSha256(key), token, nowSeconds, leewaySeconds);
}

JwtVerifier::JwtVerifier(QByteArrayView key)
    : m_mac(std::make_shared<const HmacSha256>(key))
{}

JwtResult<Claims> JwtVerifier::verify(QByteArrayView token, qint64 nowSeconds,
                                      qint64 leewaySeconds) const
{
    return verifyWith(*m_mac, token, nowSeconds, leewaySeconds);
}

QByteArray JwtVerifier::sign(const Claims &claims) const
{
    return signWith(*m_mac, claims);
}

bool JwtVerifier::verifySignature(const JwsParts &parts) const
{
    return verifySignatureWith(*m_mac, parts);
}

JwtResult<Claims> Internal::verifyStrict(QByteArrayView token, QByteArrayView key,
                                         qint64 nowSeconds, qint64 leewaySeconds)
{
    return verifyStrictWith(HmacSha256(key), token, nowSeconds, leewaySeconds);
}

namespace {

bool verifySignatureWith(const HmacSha256 &mac, const JwsParts &parts)
{
    if (parts.signature.size() != kSha256Bytes)
        return false;
    unsigned char expected[kSha256Bytes];
    mac.mac(parts.signingInput, expected);
    return CRYPTO_memcmp(expected, parts.signature.constData(), kSha256Bytes) == 0;
}

QByteArray signWith(const HmacSha256 &mac, const Claims &claims)
{
    QJsonObject obj;
    obj.insert(QLatin1String("sub"), claims.sub);
    obj.insert(QLatin1String("roles"), QJsonArray::fromStringList(claims.roles));
    obj.insert(QLatin1String("tv"), claims.tv);
    obj.insert(QLatin1String("iat"), claims.iat);
    obj.insert(QLatin1String("exp"), claims.exp);
    if (claims.nbf)
        obj.insert(QLatin1String("nbf"), *claims.nbf);
    obj.insert(QLatin1String("jti"), claims.jti);
    if (!claims.sid.isEmpty())
        obj.insert(QLatin1String("sid"), claims.sid);
    QByteArray token = base64UrlEncode(R"({"alg":"HS256","typ":"JWT"})");
    token += '.';
    token += base64UrlEncode(QJsonDocument(obj).toJson(QJsonDocument::Compact));
    unsigned char signature[kSha256Bytes];
    mac.mac(token, signature);
    token += '.';
    token += base64UrlEncode(QByteArrayView(signature, kSha256Bytes));
    return token;
}

// The full check exactly as specified, one step after another on decoded copies: the reference
// for every token the fast path below does not recognise.
JwtResult<Claims> verifyStrictWith(const HmacSha256 &mac, QByteArrayView token, qint64 nowSeconds,
                                   qint64 leewaySeconds)
{
    auto parts = splitCompact(token);
    if (!parts)
        return parts.error();
    if (auto header = checkHeader(parts->header); !header)
        return header.error();
    // The payload is parsed only once the MAC proves we wrote it.
    if (!verifySignatureWith(mac, *parts))
        return JwtError{JwtFailure::BadSignature, QStringLiteral("token signature is invalid")};
    auto claims = parseClaims(parts->payload);
    if (!claims)
        return claims.error();
    if (auto late = checkTimes(*claims, nowSeconds, leewaySeconds))
        return *late;
    return claims;
}

// Nearly every token is one sign() wrote: our exact header and a 32-byte signature. For those,
// splitCompact() and checkHeader() are known to succeed (the header segment is the bytes whose
// check always passes), so this skips them and decodes into stack buffers. Anything else goes to
// verifyStrictWith(), so both paths give the same answer and the same message for every input.
JwtResult<Claims> verifyWith(const HmacSha256 &mac, QByteArrayView token, qint64 nowSeconds,
                             qint64 leewaySeconds)
{
    if (token.size() > kMaxTokenBytes)
        return verifyStrictWith(mac, token, nowSeconds, leewaySeconds);
    const qsizetype dot1 = token.indexOf('.');
    const qsizetype dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
    if (dot1 != kOurHeaderB64.size() || dot2 < 0 || token.size() - dot2 - 1 != kSignatureB64Chars ||
        token.first(dot1) != kOurHeaderB64)
        return verifyStrictWith(mac, token, nowSeconds, leewaySeconds);
    const QByteArrayView payloadB64 = token.sliced(dot1 + 1, dot2 - dot1 - 1);
    const QByteArrayView signatureB64 = token.sliced(dot2 + 1);
    // A third dot would fall inside the signature's 43 characters and fail decoding below.
    char payload[base64UrlDecodedSize(kMaxTokenBytes)];
    char signature[base64UrlDecodedSize(kSignatureB64Chars)];
    static_assert(sizeof signature == kSha256Bytes);
    const qsizetype payloadSize = base64UrlDecodeInto(payloadB64, payload);
    if (payloadB64.isEmpty() || payloadSize < 0 ||
        base64UrlDecodeInto(signatureB64, signature) != kSha256Bytes)
        return verifyStrictWith(mac, token, nowSeconds, leewaySeconds);

    unsigned char expected[kSha256Bytes];
    mac.mac(token.first(dot2), expected);
    if (CRYPTO_memcmp(expected, signature, kSha256Bytes) != 0)
        return JwtError{JwtFailure::BadSignature, QStringLiteral("token signature is invalid")};

    const QByteArrayView payloadJson(payload, payloadSize);
    auto fast = Internal::parseClaimsFast(payloadJson);
    JwtResult<Claims> claims =
        fast ? JwtResult<Claims>(std::move(*fast)) : parseClaims(payloadJson);
    if (!claims)
        return claims.error();
    if (auto late = checkTimes(*claims, nowSeconds, leewaySeconds))
        return *late;
    return claims;
}

} // namespace

} // namespace bb::identity
