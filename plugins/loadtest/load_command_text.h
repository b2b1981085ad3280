// bb::plugins::loadtest — the form's scenario as a `backbench load` command line, so a run tried
// in the panel can go into a CI job as is (thresholds make it exit 99 when they fail).
#pragma once

#include "loadtest/scenario.h"

#include <QString>

namespace bb::plugins::loadtest {

/// "backbench load 'URL' -c 10 -d 10s --threshold 'p95<200ms' …" with every value quoted for a
/// POSIX shell; options at their defaults are left out. Header values are kept as they are:
/// the user copies the command deliberately. `dataFile`, when set, becomes `--data FILE`.
QString loadCommandLine(const bb::loadtest::Scenario &scenario, const QString &dataFile = {});

/// `text` in single quotes for a POSIX shell ('it'\''s').
QString shellQuote(const QString &text);

} // namespace bb::plugins::loadtest
