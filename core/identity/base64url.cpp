#include "identity/base64url.h"

#include <array>

namespace bb::identity {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// -1 marks a byte that is not in the alphabet.
constexpr std::array<int, 256> decodeTable()
{
    std::array<int, 256> table{};
    for (int &v : table)
        v = -1;
    for (int i = 0; i < 64; ++i)
        table[static_cast<unsigned char>(kAlphabet[i])] = i;
    return table;
}

constexpr std::array<int, 256> kDecode = decodeTable();

} // namespace

QByteArray base64UrlEncode(QByteArrayView bytes)
{
    QByteArray out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    qsizetype i = 0;
    const auto at = [&](qsizetype k) { return static_cast<unsigned char>(bytes[k]); };
    for (; i + 3 <= bytes.size(); i += 3) {
        const quint32 v = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
        out.append(kAlphabet[(v >> 18) & 63]);
        out.append(kAlphabet[(v >> 12) & 63]);
        out.append(kAlphabet[(v >> 6) & 63]);
        out.append(kAlphabet[v & 63]);
    }
    const qsizetype rest = bytes.size() - i;
    if (rest == 1) {
        const quint32 v = at(i) << 16;
        out.append(kAlphabet[(v >> 18) & 63]);
        out.append(kAlphabet[(v >> 12) & 63]);
    } else if (rest == 2) {
        const quint32 v = (at(i) << 16) | (at(i + 1) << 8);
        out.append(kAlphabet[(v >> 18) & 63]);
        out.append(kAlphabet[(v >> 12) & 63]);
        out.append(kAlphabet[(v >> 6) & 63]);
    }
    return out;
}

qsizetype base64UrlDecodeInto(QByteArrayView text, char *out)
{
    if (text.size() % 4 == 1)
        return -1;
    const auto at = [&](qsizetype k) { return kDecode[static_cast<unsigned char>(text[k])]; };
    char *o = out;
    qsizetype i = 0;
    // Whole quanta first: four lookups OR'd together are negative iff any byte is outside the
    // alphabet, so the common case takes one branch per three bytes.
    for (; i + 4 <= text.size(); i += 4) {
        const int a = at(i), b = at(i + 1), c = at(i + 2), d = at(i + 3);
        if ((a | b | c | d) < 0)
            return -1;
        const quint32 v = (quint32(a) << 18) | (quint32(b) << 12) | (quint32(c) << 6) | quint32(d);
        *o++ = static_cast<char>(v >> 16);
        *o++ = static_cast<char>(v >> 8);
        *o++ = static_cast<char>(v);
    }
    const qsizetype rest = text.size() - i;
    if (rest == 2) {
        const int a = at(i), b = at(i + 1);
        // Leftover bits must be zero: "QQ" and "QR" would otherwise both decode to "A".
        if ((a | b) < 0 || (b & 0x0F) != 0)
            return -1;
        *o++ = static_cast<char>((a << 2) | (b >> 4));
    } else if (rest == 3) {
        const int a = at(i), b = at(i + 1), c = at(i + 2);
        if ((a | b | c) < 0 || (c & 0x03) != 0)
            return -1;
        const quint32 v = (quint32(a) << 12) | (quint32(b) << 6) | quint32(c);
        *o++ = static_cast<char>(v >> 10);
        *o++ = static_cast<char>(v >> 2);
    }
    return o - out;
}

std::optional<QByteArray> base64UrlDecode(QByteArrayView text)
{
    if (text.size() % 4 == 1)
        return std::nullopt;
    QByteArray out(base64UrlDecodedSize(text.size()), Qt::Uninitialized);
    if (base64UrlDecodeInto(text, out.data()) < 0)
        return std::nullopt;
    return out;
}

} // namespace bb::identity
