// bb::plugins::metrics — what the Metrics panel remembers across restarts (QSettings under
// plugins/metrics/). A remote target's bearer token is deliberately not among them: it is kept
// for the session only, never written to a plain settings file.
#pragma once

#include <QString>

namespace bb::plugins::metrics {

struct MetricsSettings {
    bool embedded = true; ///< scrape the embedded engine; otherwise `url`
    QString url;          ///< full URL of a remote /metrics
    int intervalSeconds = 5;
    int windowMinutes = 60;
    bool paused = false;
    int tab = 0; ///< 0 dashboard, 1 explorer
    QString explorerMetric;
    QString explorerFilter;

    static MetricsSettings load();
    void save() const;
    bool operator==(const MetricsSettings &) const = default;
};

} // namespace bb::plugins::metrics
