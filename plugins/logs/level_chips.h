// bb::plugins::logs — the level filter chips: one checkable button per level with its count of
// lines matching the query and the time range.
#pragma once

#include "logview/log_level.h"
#include "logview/log_volume.h"

#include <QWidget>

#include <array>

class QToolButton;

namespace bb::plugins::logs {

/// The colour each level is drawn in (chips, histogram, level column), after Grafana's table.
QColor severityColor(logview::Severity s);

class LevelChips : public QWidget {
    Q_OBJECT
public:
    explicit LevelChips(QWidget *parent = nullptr);

    void setCounts(const logview::LevelCounts &counts);
    void setEnabledLevel(logview::Severity s, bool on);
    bool isLevelOn(logview::Severity s) const;
    QToolButton *chip(logview::Severity s) const { return m_chips[std::size_t(s)]; }

signals:
    void levelToggled(bb::logview::Severity level, bool on);

private:
    std::array<QToolButton *, logview::kSeverityCount> m_chips{};
};

} // namespace bb::plugins::logs
