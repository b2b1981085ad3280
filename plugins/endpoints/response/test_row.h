// bb::plugins::endpoints — one test result as the response view shows it; filled by the panel
// from whatever ran the tests, so this library needs no script engine.
#pragma once

#include <QString>

namespace bb::plugins::endpoints {

struct TestRow {
    QString name;
    bool passed = false;
    QString message; ///< why it failed (or a note when it passed)
};

} // namespace bb::plugins::endpoints
