#include "metrics_settings.h"

#include "shell/plugin_settings.h"

#include <algorithm>

namespace bb::plugins::metrics {

namespace {
shell::PluginSettings store()
{
    return shell::PluginSettings(QStringLiteral("metrics"));
}
} // namespace

MetricsSettings MetricsSettings::load()
{
    const shell::PluginSettings s = store();
    MetricsSettings m;
    m.embedded = s.value(QStringLiteral("target/embedded"), true).toBool();
    m.url = s.value(QStringLiteral("target/url")).toString();
    // Values from a hand-edited file are clamped, never trusted.
    m.intervalSeconds = std::clamp(s.value(QStringLiteral("intervalSeconds"), 5).toInt(), 1, 3600);
    m.windowMinutes = std::clamp(s.value(QStringLiteral("windowMinutes"), 60).toInt(), 1, 24 * 60);
    m.paused = s.value(QStringLiteral("paused"), false).toBool();
    m.tab = std::clamp(s.value(QStringLiteral("tab"), 0).toInt(), 0, 1);
    m.explorerMetric = s.value(QStringLiteral("explorer/metric")).toString();
    m.explorerFilter = s.value(QStringLiteral("explorer/filter")).toString();
    return m;
}

void MetricsSettings::save() const
{
    shell::PluginSettings s = store();
    s.setValue(QStringLiteral("target/embedded"), embedded);
    s.setValue(QStringLiteral("target/url"), url);
    s.setValue(QStringLiteral("intervalSeconds"), intervalSeconds);
    s.setValue(QStringLiteral("windowMinutes"), windowMinutes);
    s.setValue(QStringLiteral("paused"), paused);
    s.setValue(QStringLiteral("tab"), tab);
    s.setValue(QStringLiteral("explorer/metric"), explorerMetric);
    s.setValue(QStringLiteral("explorer/filter"), explorerFilter);
}

} // namespace bb::plugins::metrics
