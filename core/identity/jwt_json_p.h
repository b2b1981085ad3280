// bb::identity (private) — a strict JSON reader for JWT headers and payloads.
#pragma once

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

} // namespace bb::identity::Internal
