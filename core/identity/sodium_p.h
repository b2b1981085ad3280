// bb::identity (private) — one libsodium initialisation shared by every identity source file.
#pragma once

#include <QtGlobal>

#include <sodium.h>

namespace bb::identity::Internal {

/// Initialises libsodium once per process; a function-local static makes the first call
/// thread-safe. libsodium must not be used at all when this fails (no entropy source), so
/// there is nothing to recover to.
inline void ensureSodium()
{
    static const bool ready = [] {
        if (sodium_init() < 0)
            qFatal("libsodium could not be initialised (no usable entropy source)");
        return true;
    }();
    (void)ready;
}

} // namespace bb::identity::Internal
