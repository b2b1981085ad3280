// libFuzzer target for the JWT verifier: arbitrary bytes as a token under a fixed key (refusals
// must be well-formed, nothing unsigned may pass, and the fast paths must agree with the strict
// reference), and sign→verify round trips of claims built from the input, which must come back
// unchanged.
#include "identity/base64url.h"
#include "identity/jwt.h"
#include "identity/jwt_json_p.h"
#include "identity/jwt_p.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <cstdlib>
#include <cstring>

using namespace bb::identity;

namespace {

const QByteArray kKey(32, '\x5a');
const JwtVerifier kVerifier(kKey);
constexpr qint64 kNow = 1700000000;

void check(bool condition)
{
    if (!condition)
        std::abort();
}

// Reads fields off the front of the input; past the end it yields zeros and empty strings.
class Reader {
public:
    Reader(const uint8_t *data, size_t size)
        : m_data(data)
        , m_size(size)
    {}

    qint64 integer()
    {
        qint64 v = 0;
        const size_t n = std::min<size_t>(sizeof v, m_size - m_pos);
        std::memcpy(&v, m_data + m_pos, n);
        m_pos += n;
        return v;
    }

    QString string()
    {
        // The length byte is consumed first, then what is left bounds the length.
        const size_t wanted = m_pos < m_size ? m_data[m_pos++] : 0;
        const size_t len = std::min<size_t>(wanted, m_size - m_pos);
        const QString s =
            QString::fromUtf8(reinterpret_cast<const char *>(m_data + m_pos), qsizetype(len));
        m_pos += len;
        return s;
    }

    bool done() const { return m_pos >= m_size; }

private:
    const uint8_t *m_data;
    size_t m_size;
    size_t m_pos = 0;
};

// The same answer, down to the message, from two verifications of one token.
void checkSame(const JwtResult<Claims> &a, const JwtResult<Claims> &b)
{
    check(a.ok() == b.ok());
    if (a.ok())
        check(*a == *b);
    else
        check(a.error().reason == b.error().reason && a.error().message == b.error().message);
}

void verifyArbitrary(QByteArrayView input)
{
    const auto r = verify(input, kKey, kNow, 30);
    checkSame(r, Internal::verifyStrict(input, kKey, kNow, 30));
    checkSame(r, kVerifier.verify(input, kNow, 30));
    if (!r) {
        check(!r.error().message.isEmpty());
        return;
    }
    // Accepted: it must be a token we could have signed.
    check(input.size() <= kMaxTokenBytes);
    const auto parts = splitCompact(input);
    check(parts.ok() && verifySignature(*parts, kKey));
    check(!r->sub.isEmpty() && !r->jti.isEmpty());
    check(r->exp > kNow - 30);
}

void roundTrip(const uint8_t *data, size_t size)
{
    Reader in(data, size);
    Claims c;
    c.sub = in.string();
    c.jti = in.string();
    c.tv = int(in.integer());
    // Keep times inside what the parser accepts; the verifier's own bounds are tested above.
    c.iat = qint64(quint64(in.integer()) % 253402300800ull);
    c.exp = qint64(quint64(in.integer()) % 253402300800ull);
    if (in.integer() & 1)
        c.nbf = qint64(quint64(in.integer()) % 253402300800ull);
    while (!in.done() && c.roles.size() < 64)
        c.roles.append(in.string());
    const QByteArray token = sign(c, kKey);
    const auto r = verify(token, kKey, kNow);
    checkSame(r, Internal::verifyStrict(token, kKey, kNow));
    check(kVerifier.sign(c) == token);
    const bool wellFormed = !c.sub.isEmpty() && !c.jti.isEmpty() && token.size() <= kMaxTokenBytes;
    if (!wellFormed) {
        check(!r && r.error().reason == JwtFailure::Malformed);
        return;
    }
    if (kNow >= c.exp) {
        check(!r && r.error().reason == JwtFailure::Expired);
        return;
    }
    if (c.nbf && kNow < *c.nbf) {
        check(!r && r.error().reason == JwtFailure::NotYetValid);
        return;
    }
    check(r.ok() && *r == c);
    // Any other key refuses it.
    check(!verify(token, QByteArray(32, '\x5b'), kNow));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    verifyArbitrary(input);
    // The same bytes as base64url-decoded segments reach the JSON parser past the signature.
    const qsizetype dot = input.indexOf('\n');
    if (dot > 0) {
        const QByteArray header = base64UrlEncode(input.first(dot));
        const QByteArray payload = base64UrlEncode(input.sliced(dot + 1));
        const QByteArray signingInput = header + '.' + payload;
        verifyArbitrary(signingInput + '.' + base64UrlEncode(hmacSha256(kKey, signingInput)));
        const auto claims = parseClaims(input.sliced(dot + 1));
        // The shortcut may decline anything, but what it accepts the strict parser must accept
        // with the same result.
        if (const auto fast = Internal::parseClaimsFast(input.sliced(dot + 1)))
            check(claims.ok() && *claims == *fast);
    }
    roundTrip(data, size);
    return 0;
}
