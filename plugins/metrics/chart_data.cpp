#include "chart_data.h"

#include <QCoreApplication>

namespace bb::plugins::metrics {

QString unitSuffix(ChartUnit unit)
{
    switch (unit) {
    case ChartUnit::PerSecond:
        return QStringLiteral("/s");
    case ChartUnit::Ratio:
    case ChartUnit::Cores:
        return QStringLiteral("%");
    case ChartUnit::Seconds:
        return QStringLiteral("ms");
    case ChartUnit::Bytes:
        return QStringLiteral("MiB");
    case ChartUnit::Plain:
        break;
    }
    return {};
}

double unitScale(ChartUnit unit)
{
    switch (unit) {
    case ChartUnit::Ratio:
    case ChartUnit::Cores:
        return 100.0;
    case ChartUnit::Seconds:
        return 1000.0;
    case ChartUnit::Bytes:
        return 1.0 / (1024.0 * 1024.0);
    case ChartUnit::PerSecond:
    case ChartUnit::Plain:
        break;
    }
    return 1.0;
}

bool ChartData::hasPoints() const
{
    for (const ChartLine &l : lines) {
        if (!l.points.empty())
            return true;
    }
    return false;
}

} // namespace bb::plugins::metrics
