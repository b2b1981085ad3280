// bb::tester — reporters for a collection run: newman-like terminal lines, our JSON report and
// JUnit XML as newman's junit reporter writes it. Pure functions of the results, so the CLI and
// the runner view share them.
#pragma once

#include "common/result.h"
#include "tester/run_results.h"

#include <QByteArray>
#include <QString>

namespace bb::tester {

/// Unicode arrows, ticks and box drawing for a terminal that shows UTF-8; plain ASCII otherwise
/// (a pipe, a file, CI logs).
struct CliStyle {
    bool unicode = true;
};

/// "Iteration 2/3", printed before an iteration's first request when there are several.
QString cliIterationHeader(int iteration, int iterationCount);
/// A request as newman prints it: "→ Name", "  GET url [200 OK, 1.2kB, 34ms]", then a line per
/// test: "  ✓  passed test" or "  3. failed test" numbered by `firstFailureNumber` onwards.
/// Returns the lines (ending in '\n') and advances firstFailureNumber past this request's failures.
QString cliRequestLines(const RequestRun &run, int &failureNumber, const CliStyle &style);
/// The summary table (executed/failed for iterations, requests, test-scripts, prerequest-scripts,
/// assertions), the run duration and average response time, then the numbered failures with
/// their messages and where they happened.
QString cliSummary(const RunSummary &summary, const CliStyle &style);

/// Our JSON report, documented in docs/cli.md: {run, stats, timings, failures, executions}.
QByteArray toJsonReport(const RunSummary &summary);
/// JUnit XML: a <testsuite> per request execution, a <testcase> per test, <failure> with the
/// assertion's message; script and request errors as <error>.
QByteArray toJUnit(const RunSummary &summary);

/// Writes bytes to path atomically (QSaveFile); the error names the file.
bb::Result<void> writeReportFile(const QString &path, const QByteArray &bytes);

} // namespace bb::tester
