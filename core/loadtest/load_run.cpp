#include "loadtest/load_run.h"

#include "loadtest/run_plan_p.h"
#include "loadtest/worker_p.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace bb::loadtest {

namespace {

constexpr auto kSampleEvery = std::chrono::milliseconds(250);
/// One hour of 250 ms samples; past it, neighbours are merged pairwise (the interval doubles),
/// so a run of any length keeps at most this many.
constexpr std::size_t kMaxSamples = 14'400;

/// Two adjacent samples as one. Percentiles of the union are not recoverable from two
/// summaries; the larger of the two is kept (pessimistic, and exact for max).
Sample mergeSamples(const Sample &a, const Sample &b)
{
    Sample m = b;
    m.requests = a.requests + b.requests;
    m.errors = a.errors + b.errors;
    m.bytesIn = a.bytesIn + b.bytesIn;
    m.bytesOut = a.bytesOut + b.bytesOut;
    m.missedSends = a.missedSends + b.missedSends;
    m.rps = (a.rps + b.rps) / 2;
    auto mergeLatency = [&](const LatencyStats &x, const LatencyStats &y) {
        LatencyStats r;
        const double n = double(a.requests + b.requests);
        r.minMs = a.requests == 0   ? y.minMs
                  : b.requests == 0 ? x.minMs
                                    : std::min(x.minMs, y.minMs);
        r.meanMs = n > 0 ? (x.meanMs * double(a.requests) + y.meanMs * double(b.requests)) / n : 0;
        r.p50Ms = std::max(x.p50Ms, y.p50Ms);
        r.p90Ms = std::max(x.p90Ms, y.p90Ms);
        r.p95Ms = std::max(x.p95Ms, y.p95Ms);
        r.p99Ms = std::max(x.p99Ms, y.p99Ms);
        r.p999Ms = std::max(x.p999Ms, y.p999Ms);
        r.maxMs = std::max(x.maxMs, y.maxMs);
        return r;
    };
    m.corrected = mergeLatency(a.corrected, b.corrected);
    m.uncorrected = mergeLatency(a.uncorrected, b.uncorrected);
    return m;
}

} // namespace

struct LoadRun::Impl {
    Scenario scenario;
    std::unique_ptr<RunPlan> plan;
    std::vector<std::unique_ptr<Worker>> workers;
    std::thread coordinator;

    std::mutex wakeMutex; ///< with `wake`: workers' publish acks and stop requests
    std::condition_variable wake;
    std::atomic<bool> stopRequested{false};
    std::atomic<bool> isRunning{false};
    bool started = false;
    int pool = 0; ///< the most connections the run holds

    mutable std::mutex mutex; ///< guards everything below
    WorkerStats total;
    std::vector<Sample> samples;
    std::deque<Sample> fresh;
    Sample last;
    std::optional<Summary> summary;
    std::condition_variable done;

    void coordinate();
    WorkerStats collect(bool final);
    /// Adds the sample for the interval (previousT, elapsed] to the series; under `mutex`.
    /// `activeConnections` < 0: count the workers' connections now.
    void appendSample(const WorkerStats &interval, double elapsed, double previousT,
                      double targetRate, int activeConnections = -1);
    Summary buildSummary(double elapsed) const; // mutex held
    std::string abortCheck(double elapsed, const Summary &partial) const;
    void finishWith(Summary s);
    void setTargets(double elapsed);
};

LoadRun::LoadRun(Scenario scenario)
    : d(std::make_unique<Impl>())
{
    d->scenario = std::move(scenario);
}

LoadRun::~LoadRun()
{
    stop();
    if (d->coordinator.joinable())
        d->coordinator.join();
}

const Scenario &LoadRun::scenario() const
{
    return d->scenario;
}

std::string LoadRun::validate() const
{
    const Scenario &s = d->scenario;
    auto built = RequestSet::build(s);
    if (auto *err = std::get_if<std::string>(&built))
        return *err;
    if (s.connections < 1 && s.stages.empty())
        return "connections must be at least 1";
    if (s.connections > 100'000)
        return "at most 100,000 connections";
    if (s.pipeline < 1 || s.pipeline > 256)
        return "the pipelining depth is from 1 to 256";
    if (s.threads < 0 || s.threads > 1024)
        return "threads must be from 0 (one per core) to 1,024";
    if (!(s.timeoutSeconds > 0))
        return "the timeout must be longer than 0 s";
    if (s.thinkTimeMs < 0)
        return "the think time cannot be negative";
    if (s.model == Model::Open) {
        if (s.stages.empty() && !(s.rate > 0))
            return "the open model needs a rate above 0 or stages";
        if (s.connections < 1)
            return "the open model needs at least 1 connection";
    }
    for (const Stage &st : s.stages) {
        if (st.target < 0)
            return "a stage target cannot be negative";
        if (s.model == Model::Closed && st.target > 100'000)
            return "at most 100,000 connections in a stage";
    }
    if (s.stages.empty() && !(s.durationSeconds > 0) && s.maxRequests == 0)
        return "the duration must be longer than 0 s";
    if (s.plannedSeconds() > 30 * 24 * 3600.0)
        return "a run lasts at most 30 days";
    for (const Check &c : s.checks) {
        if (c.kind == Check::Kind::Status && c.expected.empty())
            return "the status check \"" + c.name + "\" lists no status";
    }
    return {};
}

void LoadRun::start()
{
    if (d->started)
        return;
    d->started = true;
    d->isRunning = true;
    auto fail = [this](const std::string &reason) {
        Summary s;
        s.aborted = true;
        s.abortReason = reason;
        s.thresholdsPassed = d->scenario.thresholds.empty();
        evaluateThresholds(d->scenario, s);
        d->finishWith(std::move(s));
    };
    if (const std::string err = validate(); !err.empty()) {
        fail(err);
        return;
    }
    const Scenario &s = d->scenario;
    auto built = RequestSet::build(s);
    auto plan = std::make_unique<RunPlan>(RunPlan{s,
                                                  std::move(std::get<RequestSet>(built)),
                                                  Schedule(s),
                                                  ResponseChecks(s.checks),
                                                  {},
                                                  1,
                                                  0,
                                                  0,
                                                  0});
    {
        // Resolve once, here: workers connect to the addresses, never to the resolver.
        boost::asio::io_context io;
        boost::asio::ip::tcp::resolver resolver(io);
        boost::system::error_code ec;
        const Target &t = plan->requests.target();
        const auto results = resolver.resolve(t.host, t.port, ec);
        if (ec || results.empty()) {
            fail("cannot resolve " + t.host + ": " + (ec ? ec.message() : "no address"));
            return;
        }
        for (const auto &r : results)
            plan->endpoints.push_back(r.endpoint());
    }
    int pool = s.connections;
    if (s.model == Model::Closed && !s.stages.empty()) {
        double most = 1;
        for (const Stage &st : s.stages)
            most = std::max(most, st.target);
        pool = int(std::ceil(most));
    }
    int threads =
        s.threads > 0 ? s.threads : int(std::max(1u, std::thread::hardware_concurrency()));
    threads = std::max(1, std::min(threads, pool));
    plan->threads = threads;
    plan->timeoutNs = std::int64_t(s.timeoutSeconds * 1e9);
    plan->thinkNs = std::int64_t(s.thinkTimeMs * 1e6);
    d->plan = std::move(plan);
    d->pool = pool;
    d->total.checkPasses.assign(s.checks.size(), 0);
    d->total.checkFails.assign(s.checks.size(), 0);
    for (int w = 0; w < threads; ++w) {
        const int share = pool / threads + (w < pool % threads ? 1 : 0);
        std::uint64_t budget = 0;
        if (s.model == Model::Closed && s.maxRequests > 0)
            budget = s.maxRequests / std::uint64_t(threads) +
                     (std::uint64_t(w) < s.maxRequests % std::uint64_t(threads) ? 1 : 0);
        d->workers.push_back(
            std::make_unique<Worker>(*d->plan, w, budget, share, d->wakeMutex, d->wake));
    }
    d->plan->startNs = monotonicNs();
    d->setTargets(0);
    for (auto &w : d->workers)
        w->start();
    d->coordinator = std::thread([this] { d->coordinate(); });
}

void LoadRun::Impl::setTargets(double elapsed)
{
    if (scenario.model != Model::Closed)
        return;
    const int total = int(std::lround(plan->schedule.targetAt(elapsed)));
    const int n = int(workers.size());
    for (int w = 0; w < n; ++w)
        workers[std::size_t(w)]->targetConnections = total / n + (w < total % n ? 1 : 0);
}

void LoadRun::Impl::appendSample(const WorkerStats &interval, double elapsed, double previousT,
                                 double targetRate, int activeConnections)
{
    Sample sample;
    const double dt = std::max(1e-6, elapsed - previousT);
    sample.tSeconds = elapsed;
    sample.requests = interval.requests;
    sample.errors = interval.errors;
    sample.rps = double(interval.requests) / dt;
    sample.corrected = LatencyStats::from(interval.corrected);
    sample.uncorrected = LatencyStats::from(interval.uncorrected);
    int active = activeConnections;
    if (active < 0) {
        active = 0;
        for (auto &w : workers)
            active += w->activeConnections.load(std::memory_order_relaxed);
    }
    sample.activeConnections = active;
    sample.bytesIn = interval.bytesIn;
    sample.bytesOut = interval.bytesOut;
    sample.missedSends = interval.missedSends;
    sample.targetRate = targetRate;
    if (samples.size() >= kMaxSamples) {
        std::vector<Sample> halved;
        halved.reserve(kMaxSamples);
        for (std::size_t i = 0; i + 1 < samples.size(); i += 2)
            halved.push_back(mergeSamples(samples[i], samples[i + 1]));
        samples.swap(halved);
    }
    samples.push_back(sample);
    fresh.push_back(sample);
    while (fresh.size() > kMaxSamples)
        fresh.pop_front();
    last = sample;
}

WorkerStats LoadRun::Impl::collect(bool final)
{
    if (!final) {
        // Ask every live worker for its counters and wait (briefly) for the answers, so each
        // sample covers the same 250 ms for all of them.
        std::vector<std::uint64_t> before;
        for (auto &w : workers) {
            before.push_back(w->publishCount());
            if (!w->finished())
                w->requestPublish();
        }
        std::unique_lock lock(wakeMutex);
        wake.wait_for(lock, std::chrono::milliseconds(100), [&] {
            for (std::size_t i = 0; i < workers.size(); ++i) {
                if (!workers[i]->finished() && workers[i]->publishCount() == before[i])
                    return false;
            }
            return true;
        });
    }
    WorkerStats interval;
    interval.checkPasses.assign(scenario.checks.size(), 0);
    interval.checkFails.assign(scenario.checks.size(), 0);
    for (auto &w : workers)
        w->takePublished(interval);
    return interval;
}

void LoadRun::Impl::coordinate()
{
    using clock = std::chrono::steady_clock;
    const auto start = clock::time_point(std::chrono::nanoseconds(plan->startNs));
    const double planned = scenario.plannedSeconds();
    // A closed run of exactly N requests still ends by its duration, so a dead server cannot
    // keep it forever.
    auto next = start + kSampleEvery;
    // A duration that is not a multiple of 250 ms ends on time, not at the next sample.
    const auto deadline =
        start + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(planned));
    double previousT = 0;
    std::string abortReason;
    while (true) {
        {
            std::unique_lock lock(wakeMutex);
            wake.wait_until(lock, std::min(next, deadline), [&] {
                if (stopRequested.load())
                    return true;
                return std::all_of(workers.begin(), workers.end(),
                                   [](const auto &w) { return w->finished(); });
            });
        }
        const auto now = clock::now();
        const double elapsed = std::chrono::duration<double>(now - start).count();
        const bool allFinished = std::all_of(workers.begin(), workers.end(),
                                             [](const auto &w) { return w->finished(); });
        const bool timeUp = elapsed >= planned;
        const bool ending = stopRequested.load() || allFinished || timeUp;
        if (ending)
            break;
        setTargets(elapsed);
        WorkerStats interval = collect(false);
        {
            std::lock_guard lock(mutex);
            total.merge(interval);
            appendSample(interval, elapsed, previousT, plan->schedule.targetAt(elapsed));
            // The partial summary (two histograms walked) only when a threshold may abort.
            const bool live = std::any_of(scenario.thresholds.begin(), scenario.thresholds.end(),
                                          [](const Threshold &t) { return t.abortOnFail; });
            abortReason = abortCheck(elapsed, live ? buildSummary(elapsed) : Summary());
        }
        previousT = elapsed;
        if (!abortReason.empty())
            break;
        next += kSampleEvery;
        if (next < clock::now())
            next = clock::now() + kSampleEvery;
    }
    for (auto &w : workers)
        w->requestStop();
    for (auto &w : workers)
        w->join();
    WorkerStats rest = collect(true);
    const double elapsed = double(monotonicNs() - plan->startNs) / 1e9;
    Summary s;
    {
        std::lock_guard lock(mutex);
        total.merge(rest);
        // The last, shorter interval is a sample too, its rate over its real length: without it
        // a run shorter than 250 ms has no time series and every chart stops early.
        if (rest.requests > 0 || rest.errors > 0 || elapsed - previousT >= 0.001)
            // The workers have closed their connections by now: the interval was carried by
            // those of the last sample (or, in a run this short, by the planned pool).
            appendSample(rest, elapsed, previousT,
                         samples.empty() ? plan->schedule.targetAt(elapsed) : last.targetRate,
                         samples.empty() ? (pool > 0 ? pool : scenario.connections)
                                         : last.activeConnections);
        s = buildSummary(std::min(elapsed, std::max(planned, previousT)));
    }
    if (!abortReason.empty()) {
        s.aborted = true;
        s.abortReason = abortReason;
    } else if (stopRequested.load()) {
        s.aborted = true;
        s.abortReason = "stopped";
    }
    evaluateThresholds(scenario, s);
    finishWith(std::move(s));
}

Summary LoadRun::Impl::buildSummary(double elapsed) const
{
    Summary s;
    s.durationSeconds = elapsed;
    s.requests = total.requests;
    s.errors = total.errors;
    s.bytesIn = total.bytesIn;
    s.bytesOut = total.bytesOut;
    s.missedSends = total.missedSends;
    s.rps = elapsed > 0 ? double(total.requests) / elapsed : 0;
    for (std::size_t i = 0; i < total.statusCounts.size(); ++i) {
        if (total.statusCounts[i] != 0)
            s.statusCounts[int(i)] = total.statusCounts[i];
    }
    for (std::size_t i = 0; i < total.errorsByKind.size(); ++i) {
        if (total.errorsByKind[i] != 0)
            s.errorsByKind[errorKindName(ErrorKind(i))] = total.errorsByKind[i];
    }
    s.latency = total.corrected;
    s.uncorrectedLatency = total.uncorrected;
    s.corrected = LatencyStats::from(total.corrected);
    s.uncorrected = LatencyStats::from(total.uncorrected);
    for (std::size_t i = 0; i < scenario.checks.size(); ++i)
        s.checks.push_back({scenario.checks[i].name, total.checkPasses[i], total.checkFails[i]});
    s.openModel = scenario.model == Model::Open;
    s.threads = int(workers.size());
    // With closed-model stages, the most connections any stage asks for.
    s.connections = pool > 0 ? pool : scenario.connections;
    return s;
}

std::string LoadRun::Impl::abortCheck(double elapsed, const Summary &partial) const
{
    // A target nobody can connect to: say so after a second instead of failing for the whole
    // duration.
    const auto connectErrors = total.errorsByKind[std::size_t(ErrorKind::Connect)] +
                               total.errorsByKind[std::size_t(ErrorKind::Tls)];
    if (total.connects == 0 && connectErrors > 0 && elapsed >= 1.0) {
        std::string why;
        for (auto &w : workers) {
            why = w->firstError();
            if (!why.empty())
                break;
        }
        return "the target cannot be reached: " + why;
    }
    // Live thresholds (abortOnFail) are judged once there is a second of data.
    if (elapsed < 1.0 || partial.requests == 0)
        return {};
    for (const Threshold &t : scenario.thresholds) {
        if (!t.abortOnFail)
            continue;
        const double observed = partial.metricValue(t.metric);
        if (!t.passes(observed))
            return "threshold " + t.text + " failed during the run (observed " +
                   std::to_string(observed) + ")";
    }
    return {};
}

void LoadRun::Impl::finishWith(Summary s)
{
    {
        std::lock_guard lock(mutex);
        summary = std::move(s);
    }
    isRunning = false;
    done.notify_all();
}

void LoadRun::stop()
{
    {
        std::lock_guard lock(d->wakeMutex);
        d->stopRequested = true;
    }
    d->wake.notify_all();
}

bool LoadRun::running() const
{
    return d->isRunning.load();
}

std::vector<Sample> LoadRun::takeSamples()
{
    std::lock_guard lock(d->mutex);
    std::vector<Sample> out(d->fresh.begin(), d->fresh.end());
    d->fresh.clear();
    return out;
}

std::vector<Sample> LoadRun::allSamples() const
{
    std::lock_guard lock(d->mutex);
    return d->samples;
}

Sample LoadRun::latest() const
{
    std::lock_guard lock(d->mutex);
    return d->last;
}

Histogram LoadRun::liveHistogram() const
{
    std::lock_guard lock(d->mutex);
    return d->total.corrected;
}

Summary LoadRun::wait()
{
    std::unique_lock lock(d->mutex);
    d->done.wait(lock, [&] { return d->summary.has_value(); });
    Summary s = *d->summary;
    lock.unlock();
    if (d->coordinator.joinable() && d->coordinator.get_id() != std::this_thread::get_id())
        d->coordinator.join();
    return s;
}

std::optional<Summary> LoadRun::summary() const
{
    std::lock_guard lock(d->mutex);
    return d->summary;
}

} // namespace bb::loadtest
