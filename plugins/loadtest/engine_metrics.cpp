#include "engine_metrics.h"

#include <QList>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace bb::plugins::loadtest {

namespace {

/// The value of label `name` in `labels` (the text between the braces), or empty.
QByteArrayView labelValue(QByteArrayView labels, QByteArrayView name)
{
    qsizetype i = 0;
    while (i < labels.size()) {
        const qsizetype eq = labels.indexOf('=', i);
        if (eq < 0 || eq + 1 >= labels.size() || labels[eq + 1] != '"')
            return {};
        const QByteArrayView key = labels.sliced(i, eq - i).trimmed();
        qsizetype end = eq + 2;
        while (end < labels.size() && labels[end] != '"')
            end += labels[end] == '\\' ? 2 : 1;
        if (end >= labels.size())
            return {};
        if (key == name)
            return labels.sliced(eq + 2, end - eq - 2);
        i = end + 1;
        if (i < labels.size() && labels[i] == ',')
            ++i;
    }
    return {};
}

} // namespace

EngineScrape parseEngineScrape(QByteArrayView text)
{
    static const QByteArrayView kRequests("http_requests_total");
    static const QByteArrayView kBuckets("http_request_duration_seconds_bucket");
    EngineScrape out;
    bool sawRequests = false;
    std::map<double, double> buckets;
    qsizetype pos = 0;
    while (pos < text.size()) {
        qsizetype nl = text.indexOf('\n', pos);
        if (nl < 0)
            nl = text.size();
        const QByteArrayView line = text.sliced(pos, nl - pos);
        pos = nl + 1;
        if (line.isEmpty() || line[0] == '#')
            continue;
        const bool isRequests = line.startsWith(kRequests) && line.size() > kRequests.size() &&
                                (line[kRequests.size()] == '{' || line[kRequests.size()] == ' ');
        const bool isBucket = line.startsWith(kBuckets) && line.size() > kBuckets.size() &&
                              line[kBuckets.size()] == '{';
        if (!isRequests && !isBucket)
            continue;
        const qsizetype open = line.indexOf('{');
        const qsizetype close = line.lastIndexOf('}');
        QByteArrayView labels;
        QByteArrayView rest = line;
        if (open >= 0 && close > open) {
            labels = line.sliced(open + 1, close - open - 1);
            rest = line.sliced(close + 1);
        } else {
            rest = line.sliced(kRequests.size());
        }
        rest = rest.trimmed();
        const qsizetype space = rest.indexOf(' ');
        bool ok = false;
        const double value = (space < 0 ? rest : rest.first(space)).toDouble(&ok);
        if (!ok)
            continue;
        // The panel's own scrapes would otherwise show up as the server's traffic.
        if (labelValue(labels, "route") == QByteArrayView("/metrics"))
            continue;
        if (isRequests) {
            out.requests += value;
            sawRequests = true;
        } else {
            const QByteArrayView le = labelValue(labels, "le");
            const double bound = le == QByteArrayView("+Inf")
                                     ? std::numeric_limits<double>::infinity()
                                     : le.toDouble(&ok);
            if (ok || le == QByteArrayView("+Inf"))
                buckets[bound] += value;
        }
    }
    out.buckets.assign(buckets.begin(), buckets.end());
    out.valid = sawRequests && !out.buckets.empty();
    return out;
}

double quantileBetweenMs(const EngineScrape &before, const EngineScrape &after, double q)
{
    if (after.buckets.empty())
        return 0;
    std::vector<std::pair<double, double>> delta;
    for (const auto &[bound, count] : after.buckets) {
        double prior = 0;
        for (const auto &[b, c] : before.buckets) {
            if (b == bound)
                prior = c;
        }
        delta.emplace_back(bound, std::max(0.0, count - prior));
    }
    const double total = delta.back().second;
    if (total <= 0)
        return 0;
    const double rank = q * total;
    double lowerBound = 0, lowerCount = 0;
    for (const auto &[bound, cumulative] : delta) {
        if (cumulative >= rank) {
            if (std::isinf(bound))
                return lowerBound * 1000.0; // like Prometheus: the highest finite bound
            const double inBucket = cumulative - lowerCount;
            const double fraction = inBucket > 0 ? (rank - lowerCount) / inBucket : 1.0;
            return (lowerBound + (bound - lowerBound) * fraction) * 1000.0;
        }
        lowerBound = bound;
        lowerCount = cumulative;
    }
    return lowerBound * 1000.0;
}

} // namespace bb::plugins::loadtest
