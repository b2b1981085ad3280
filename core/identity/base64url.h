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

} // namespace bb::identity
