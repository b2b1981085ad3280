#include "live_stats_model.h"

#include <QLocale>

namespace bb::plugins::server {

LiveStatsModel::LiveStatsModel(QObject *parent)
    : QObject(parent)
{}

void LiveStatsModel::addSample(const engine::EngineStats &stats, qint64 nowMs)
{
    // Counters going backwards mean a new engine instance: start the deltas over.
    if (!m_samples.empty() &&
        (stats.requestsTotal < m_samples.back().total || nowMs < m_samples.back().tMs)) {
        m_samples.clear();
    }
    m_latest = stats;
    m_samples.push_back(
        {nowMs, stats.requestsTotal, stats.serverErrorsTotal, stats.clientErrorsTotal});
    // Keep one sample at or beyond the window's start so the delta spans a full window.
    while (m_samples.size() > 2 && nowMs - m_samples[1].tMs >= kRateWindowMs)
        m_samples.pop_front();

    const Sample &oldest = m_samples.front();
    const Sample &newest = m_samples.back();
    const qint64 dt = newest.tMs - oldest.tMs;
    const auto answered = double(newest.total - oldest.total);
    if (dt > 0) {
        m_rps = answered * 1000.0 / double(dt);
        m_serverErrorRate =
            answered > 0 ? double(newest.serverErrors - oldest.serverErrors) / answered : 0;
        m_clientErrorRate =
            answered > 0 ? double(newest.clientErrors - oldest.clientErrors) / answered : 0;
    } else {
        m_rps = m_serverErrorRate = m_clientErrorRate = 0;
    }

    m_history.push_back({nowMs, m_rps, stats.p50Ms, stats.p95Ms, stats.p99Ms});
    while (!m_history.empty() && nowMs - m_history.front().tMs > m_historyMs)
        m_history.pop_front();
    emit updated();
}

void LiveStatsModel::reset()
{
    m_samples.clear();
    m_history.clear();
    m_latest = {};
    m_rps = m_serverErrorRate = m_clientErrorRate = 0;
    emit updated();
}

QString LiveStatsModel::formatUptime(qint64 ms)
{
    const qint64 s = ms / 1000;
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    if (s < 86400)
        return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    return QStringLiteral("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

QString LiveStatsModel::formatRate(double perSecond)
{
    if (perSecond >= 10'000)
        return QStringLiteral("%1k/s").arg(perSecond / 1000.0, 0, 'f', 1);
    return QStringLiteral("%1/s").arg(perSecond, 0, 'f', perSecond < 10 ? 1 : 0);
}

QString LiveStatsModel::formatPercent(double fraction)
{
    return QStringLiteral("%1 %").arg(fraction * 100.0, 0, 'f', fraction < 0.1 ? 2 : 1);
}

QString LiveStatsModel::formatMs(double ms)
{
    if (ms >= 1000)
        return QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', 2);
    return QStringLiteral("%1 ms").arg(ms, 0, 'f', ms < 10 ? 2 : 1);
}

} // namespace bb::plugins::server
