// Checks shared by the workspace importer fuzzers: whatever the input, an importer returns a
// report or an error that points inside the input, and every warning gives a reason.
#pragma once

#include "common/result.h"
#include "workspace/request.h"

#include <cstdlib>

namespace bb::workspace::fuzz {

inline void check(bool condition)
{
    if (!condition)
        std::abort();
}

inline void checkResult(const bb::Result<ImportReport> &r, qsizetype inputSize)
{
    if (!r) {
        check(!r.error().message.isEmpty());
        check(r.error().position >= 0 && r.error().position <= inputSize);
        return;
    }
    for (const ImportWarning &w : r->warnings)
        check(!w.what.isEmpty());
}

} // namespace bb::workspace::fuzz
