// bb::plugins::database — the editing strip under a table grid: add and delete rows, a "Preview
// SQL" pane of what is staged, Apply (Ctrl+S) and Revert; a read-only table shows why instead,
// and a failed apply says which row and what the database answered.
#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace bb::dbx {
class EditBuffer;
class TableModel;
struct ApplyResult;
} // namespace bb::dbx

namespace bb::plugins::database {

class EditBar : public QWidget {
    Q_OBJECT
public:
    EditBar(dbx::EditBuffer *buffer, dbx::TableModel *model, QTableView *view,
            QWidget *parent = nullptr);

    QPlainTextEdit *preview() const { return m_preview; }
    QString message() const;
    void setPreviewVisible(bool visible);

    void addRow();
    void deleteSelectedRows();
    void apply();
    void revert();

private:
    void refresh();
    void onApplied(const dbx::ApplyResult &result);

    dbx::EditBuffer *m_buffer;
    dbx::TableModel *m_model;
    QTableView *m_view;
    QPushButton *m_add;
    QPushButton *m_delete;
    QPushButton *m_showSql;
    QPushButton *m_apply;
    QPushButton *m_revert;
    QLabel *m_message;
    QPlainTextEdit *m_preview;
};

} // namespace bb::plugins::database
