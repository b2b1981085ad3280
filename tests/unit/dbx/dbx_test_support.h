// Test helpers for the dbx tests.
#pragma once
#include <QtTest>

/// Fails the test with the error's message unless the Result is ok. (QVERIFY2 evaluates its
/// message even when the check passes, so the message must not touch error() of an ok Result.)
#define BB_VERIFY_OK(result)                                                                       \
    do {                                                                                           \
        const auto &bbResult = (result);                                                           \
        QVERIFY2(bbResult.ok(), bbResult.ok() ? "" : qPrintable(bbResult.error().message));        \
    } while (false)
