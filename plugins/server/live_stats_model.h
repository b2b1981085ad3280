// bb::plugins::server — turns periodic engine counter snapshots into rates and a latency history.
#pragma once

#include "engine/engine.h"

#include <QObject>

#include <deque>

namespace bb::plugins::server {

/// One point of the history the chart draws.
struct LivePoint {
    qint64 tMs = 0; ///< sample time, monotonic ms
    double requestsPerSecond = 0;
    double p50Ms = 0, p95Ms = 0, p99Ms = 0;
};

/// Feed it EngineStats with a timestamp; it derives requests/s and error rates from counter
/// deltas over the last second, and keeps a bounded history for the chart. No widgets, no timers:
/// tests drive it with made-up samples and times.
class LiveStatsModel : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kDefaultHistoryMs = 5 * 60 * 1000;
    static constexpr qint64 kRateWindowMs = 1000;

    explicit LiveStatsModel(QObject *parent = nullptr);

    void addSample(const engine::EngineStats &stats, qint64 nowMs);
    /// Forget everything (the engine stopped or restarted).
    void reset();

    bool hasData() const { return !m_samples.empty(); }
    const engine::EngineStats &latest() const { return m_latest; }
    double requestsPerSecond() const { return m_rps; }
    /// 5xx answers as a fraction of the answers in the rate window (0…1).
    double serverErrorRate() const { return m_serverErrorRate; }
    /// 4xx answers as a fraction of the answers in the rate window (0…1).
    double clientErrorRate() const { return m_clientErrorRate; }
    const std::deque<LivePoint> &history() const { return m_history; }
    qint64 historySpanMs() const { return m_historyMs; }
    void setHistorySpanMs(qint64 ms) { m_historyMs = ms; }

    static QString formatUptime(qint64 ms);
    static QString formatRate(double perSecond);
    static QString formatPercent(double fraction);
    static QString formatMs(double ms);

signals:
    void updated();

private:
    struct Sample {
        qint64 tMs;
        std::int64_t total, serverErrors, clientErrors;
    };
    std::deque<Sample> m_samples; ///< the last ~kRateWindowMs, for deltas
    std::deque<LivePoint> m_history;
    engine::EngineStats m_latest;
    double m_rps = 0, m_serverErrorRate = 0, m_clientErrorRate = 0;
    qint64 m_historyMs = kDefaultHistoryMs;
};

} // namespace bb::plugins::server
