// bb::loadtest — one load test run: worker threads (one io_context each, their own
// connections), a coordinator that merges their snapshots every 250 ms into the time series,
// and the Summary at the end. Thread-safe; needs no Qt event loop.
#pragma once

#include "loadtest/histogram.h"
#include "loadtest/results.h"
#include "loadtest/scenario.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bb::loadtest {

class LoadRun {
public:
    explicit LoadRun(Scenario scenario);
    ~LoadRun(); ///< stops and joins
    LoadRun(const LoadRun &) = delete;
    LoadRun &operator=(const LoadRun &) = delete;

    /// Empty when the scenario can run, else the reason (bad URL, no requests, ...).
    std::string validate() const;
    /// Starts the workers; a scenario that does not validate finishes at once, aborted, with
    /// the reason in abortReason.
    void start();
    /// Asks the run to end; in-flight requests are abandoned, the summary is still produced.
    void stop();
    bool running() const;
    /// New samples since the last call (the GUI polls every 250 ms).
    std::vector<Sample> takeSamples();
    /// All samples so far (bounded: downsampled past 24 h).
    std::vector<Sample> allSamples() const;
    Sample latest() const;
    /// Corrected latency merged so far.
    Histogram liveHistogram() const;
    /// Blocks until finished.
    Summary wait();
    /// Set when done.
    std::optional<Summary> summary() const;
    const Scenario &scenario() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace bb::loadtest
