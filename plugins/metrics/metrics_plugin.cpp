#include "metrics_plugin.h"

#include "metrics_widget.h"
#include "shell/theme.h"

#include <QCoreApplication>

namespace bb::plugins::metrics {

QString MetricsPanel::title() const
{
    return QCoreApplication::translate("bb::plugins::metrics", "Metrics");
}

QIcon MetricsPanel::icon() const
{
    return shell::themedIcon(QStringLiteral(":/backbench/icons/metrics.svg"));
}

QWidget *MetricsPanel::createWidget(shell::ShellContext &context)
{
    return new MetricsWidget(&context);
}

bool MetricsPlugin::initialize(shell::ShellContext &, QString *)
{
    return true;
}

QList<shell::IPanel *> MetricsPlugin::panels() const
{
    return {&m_panel};
}

} // namespace bb::plugins::metrics
