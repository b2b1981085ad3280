// bb::app — `backbench load`: a load test from the terminal, like wrk (closed model), wrk2 (open
// model with coordinated-omission correction) and k6 (stages, checks, thresholds, exit 99).
#pragma once

#include "loadtest/results.h"
#include "loadtest/scenario.h"

#include <QString>
#include <QStringList>

#include <string>

namespace bb::app {

struct LoadArguments {
    loadtest::Scenario scenario;
    QString dataFile;
    QString jsonFile, csvFile, htmlFile, k6File;
    bool quiet = false;
    bool help = false;
    QString error; ///< empty when the arguments are valid, else "--flag: reason"
};

/// Parses the arguments after "load" (reads -b @file and --data files).
LoadArguments parseLoadArguments(const QStringList &args);

QString loadHelpText();

/// The exit status of a finished run: 0, 99 when a threshold failed, 1 when the target could
/// not be reached at all, 130 when interrupted.
int loadExitCode(const loadtest::Summary &summary, bool interrupted);

/// One progress line: elapsed, rps, p99 and errors over the last second.
std::string loadProgressLine(double elapsedSeconds,
                             const std::vector<loadtest::Sample> &lastSecond);

/// Runs `backbench load`. `args` are the arguments after "load". Returns the exit code.
int runLoad(int &argc, char **argv, const QStringList &args);

} // namespace bb::app
