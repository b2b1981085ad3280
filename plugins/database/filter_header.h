// bb::plugins::database — a horizontal header with one filter edit under each column (as in DB
// Browser for SQLite); the typed filters are reported together, after a short pause in typing.
#pragma once

#include "dbx/row_query.h"

#include <QHeaderView>
#include <QList>
#include <QTimer>

class QLineEdit;

namespace bb::plugins::database {

class FilterHeader : public QHeaderView {
    Q_OBJECT
public:
    explicit FilterHeader(QWidget *parent = nullptr);

    /// Creates one edit per column named in `columns`, dropping earlier ones.
    void setColumns(const QStringList &columns);
    /// The non-empty filters, in column order.
    QList<dbx::ColumnFilter> filters() const;
    /// Sets one column's filter text (the change is reported like typing).
    void setFilterText(int column, const QString &text);
    QLineEdit *editor(int column) const { return m_editors.value(column); }
    /// Marks the edit of `column` as wrong (red frame, the message as its tooltip); -1 clears.
    void showFilterError(int column, const QString &message);

    QSize sizeHint() const override;
    /// Puts the edits under their sections (after a resize or a horizontal scroll).
    void placeEditors();

signals:
    /// The filters changed and the user paused typing (300 ms), or pressed Enter.
    void filtersChanged();

protected:
    void updateGeometries() override;

private:
    QList<QLineEdit *> m_editors;
    QStringList m_columns;
    QTimer m_debounce;
};

} // namespace bb::plugins::database
