// bb::plugins::database — export a table or a query's result as CSV, JSON or SQL INSERTs to a
// file, with progress and cancel (dbx::exportData on a dbx::TransferJob).
#pragma once

#include "store/database.h"

#include <QDialog>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace bb::dbx {
class TransferJob;
}

namespace bb::plugins::database {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    /// Exports `table`, or the result of `query` when it is not empty.
    ExportDialog(std::shared_ptr<store::Database> db, const QString &table, const QString &query,
                 QWidget *parent = nullptr);
    ~ExportDialog() override;

    void setPath(const QString &path);
    void setFormat(int format); ///< a dbx::ExportFormat
    void start();
    void cancel();
    QString statusText() const;
    bool isRunning() const { return m_job != nullptr; }

signals:
    void done(bool ok);

private:
    void formatChanged();

    std::shared_ptr<store::Database> m_db;
    QString m_table;
    QString m_query;
    QComboBox *m_format;
    QLineEdit *m_path;
    QCheckBox *m_header;
    QProgressBar *m_progress;
    QLabel *m_status;
    QPushButton *m_start;
    QPushButton *m_cancel;
    dbx::TransferJob *m_job = nullptr;
};

} // namespace bb::plugins::database
