// Postman environment files (the `-e` file newman reads, and what Postman's "Export" writes):
// {"name", "values": [{"key", "value", "type", "enabled"}]}.
#pragma once

#include "common/result.h"
#include "workspace/request.h"

#include <QByteArray>

namespace bb::workspace {

/// Reads a Postman environment. Values that are numbers or booleans become their text, a
/// variable of type "secret" is marked secret, and entries without a key are errors naming their
/// index. A syntax error carries its byte offset.
bb::Result<Environment> importPostmanEnvironment(const QByteArray &json);

/// Writes `env` in Postman's format (secrets keep their value and the "secret" type, since the
/// file is the user's explicit export).
QByteArray exportPostmanEnvironment(const Environment &env);

} // namespace bb::workspace
