// bb::plugins::loadtest — the editable stage table (duration, target) with a small preview of
// the planned ramp, so the shape of a run is visible before it starts.
#pragma once

#include "loadtest/scenario.h"

#include <QWidget>

#include <vector>

class QTableWidget;

namespace bb::plugins::loadtest {

class TimeChart;

class StageEditor : public QWidget {
    Q_OBJECT
public:
    explicit StageEditor(QWidget *parent = nullptr);

    /// Rows that parse; a row that does not makes problem() non-empty.
    std::vector<bb::loadtest::Stage> stages() const;
    void setStages(const std::vector<bb::loadtest::Stage> &stages);
    /// "10s:100,30s:100,10s:0" — the command line's spelling (also how it is stored).
    QString text() const;
    /// Loads the command-line spelling; false (and nothing changes) when it does not parse.
    bool setText(const QString &text);
    /// The first bad row as "row N: …", or empty.
    QString problem() const;
    /// Sets the preview's unit: "connections" (closed) or "req/s" (open).
    void setTargetUnit(const QString &unit);
    TimeChart *preview() const { return m_preview; }
    QTableWidget *table() const { return m_table; }

signals:
    void changed();

private:
    void updatePreview();

    QTableWidget *m_table;
    TimeChart *m_preview;
    bool m_updating = false;
};

} // namespace bb::plugins::loadtest
