// The SSE view's table: one row per event received (time, event type, id, data), bounded.
#pragma once

#include "client/sse_parser.h"

#include <QAbstractTableModel>

namespace bb::endpoints {

class SseEventModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, TypeColumn, IdColumn, DataColumn, ColumnCount };

    explicit SseEventModel(QObject *parent = nullptr);

    /// Adds an event; the oldest go once maxRows are held (a stream can run for days).
    void append(const client::SseEvent &event);
    const client::SseEvent &event(int row) const { return m_events.at(row); }
    void clear();
    void setMaxRows(int maxRows) { m_maxRows = maxRows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<client::SseEvent> m_events;
    int m_maxRows = 10000;
};

} // namespace bb::endpoints
