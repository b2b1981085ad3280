// bb::identity — strict base64url (RFC 4648 §5, no padding) for JWT segments and opaque tokens.
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace bb::identity {

/// Encodes with the URL-safe alphabet and no '=' padding.
QByteArray base64UrlEncode(QByteArrayView bytes);

/// Decodes canonical unpadded base64url. Rejects padding, characters outside the alphabet,
/// an impossible length (4n+1) and non-zero trailing bits, so every value has exactly one
/// accepted spelling and a token cannot be altered without changing its bytes.
std::optional<QByteArray> base64UrlDecode(QByteArrayView text);

/// The bytes base64UrlDecode(text) would produce for text of this length (when it accepts it).
constexpr qsizetype base64UrlDecodedSize(qsizetype textSize)
{
    return textSize / 4 * 3 + (textSize % 4 == 0 ? 0 : textSize % 4 - 1);
}

/// base64UrlDecode without the allocation: writes base64UrlDecodedSize(text.size()) bytes to out
/// and returns that count, or returns -1 (with out's contents unspecified) where base64UrlDecode
/// would return nullopt. Same rules, same results.
qsizetype base64UrlDecodeInto(QByteArrayView text, char *out);

} // namespace bb::identity
