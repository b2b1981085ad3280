// bb::identity (private) — the reference verification, for tests and the fuzzer.
#pragma once

#include "identity/jwt.h"

namespace bb::identity::Internal {

/// verify() without its shortcuts: split, header, signature, claims and times checked one after
/// another on decoded copies, exactly as specified. verify() must give the same result and the
/// same error for every input; tests and the fuzzer compare the two.
JwtResult<Claims> verifyStrict(QByteArrayView token, QByteArrayView key, qint64 nowSeconds,
                               qint64 leewaySeconds = 0);

} // namespace bb::identity::Internal
