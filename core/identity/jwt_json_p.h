// bb::identity (private) — a strict JSON reader for JWT headers and payloads.
#pragma once

#include "identity/jwt.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace bb::identity::Internal {

/// Parses RFC 8259 JSON whose top level must be an object. Unlike QJsonDocument it rejects
/// duplicate member names at any depth (a JWT with two "exp" or two "alg" members means
/// different things to different parsers), invalid UTF-8, lone surrogates and nesting deeper
/// than 16. On failure returns nullopt and sets *error to a short reason.
std::optional<QJsonObject> parseStrictJsonObject(QByteArrayView json, QString *error);

/// The latest NumericDate a claim may carry: 9999-12-31T23:59:59Z.
constexpr qint64 kMaxNumericDate = 253402300799;

/// A shortcut for parseClaims() on the payloads sign() writes: compact JSON holding only the
/// claims we know, with ASCII strings free of escapes and plain integers. Returns exactly what
/// parseClaims() would return when it recognises and accepts the input, and nullopt for
/// anything else (an error, or merely something unusual), where the caller must ask
/// parseClaims() for the answer and its error message.
std::optional<Claims> parseClaimsFast(QByteArrayView json);

} // namespace bb::identity::Internal
