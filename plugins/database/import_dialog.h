// bb::plugins::database — import a CSV file into a new or an existing table: a preview of the
// first rows, the detected separator, a header toggle, a type per column (new tables) or the
// table column each CSV column goes to (existing tables: by name when there is a header, else by
// position, changeable per column), then the whole file in one transaction with progress and
// cancel (dbx::importCsv on a dbx::TransferJob).
#pragma once

#include "dbx/csv_import.h"
#include "store/database.h"

#include <QDialog>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QTableWidget;

namespace bb::dbx {
class TransferJob;
}

namespace bb::plugins::database {

class ImportDialog : public QDialog {
    Q_OBJECT
public:
    /// `tables` are the existing tables to import into (their columns, with NOT NULL and
    /// defaults where known); `target` preselects one (or names the new table).
    ImportDialog(std::shared_ptr<store::Database> db, const QList<store::Table> &tables,
                 const QString &target, QWidget *parent = nullptr);
    ~ImportDialog() override;

    /// Loads `path` and previews it.
    void setFile(const QString &path);
    void setHasHeader(bool header);
    void setNewTable(const QString &name);
    /// Imports into the existing `table`; the mapping starts by name (header) or position.
    void setExistingTable(const QString &table);
    /// Existing table: the table column per CSV column ("" = skip), as the combos show it.
    QStringList mapping() const;
    /// The combo of CSV column `column` in the preview's first row (type or target column).
    QComboBox *columnCombo(int column) const;
    void start();
    void cancel();
    QString statusText() const;
    QTableWidget *preview() const { return m_preview; }
    bool isRunning() const { return m_job != nullptr; }

signals:
    /// The import ended; `table` was written when ok.
    void done(bool ok, const QString &table);

private:
    void reloadPreview(bool keepHeaderChoice);
    void fillPreview();
    /// The existing table chosen in the combo, or nullptr.
    const store::Table *currentTable() const;
    /// Shows what the current mapping lacks (required columns, a column mapped twice).
    void checkMapping();

    std::shared_ptr<store::Database> m_db;
    dbx::CsvPreview m_csv;
    QLineEdit *m_path;
    QCheckBox *m_header;
    QLabel *m_separator;
    QRadioButton *m_newTable;
    QRadioButton *m_existing;
    QList<store::Table> m_tableList;
    QLineEdit *m_tableName;
    QComboBox *m_tables;
    QTableWidget *m_preview;
    QProgressBar *m_progress;
    QLabel *m_status;
    QPushButton *m_start;
    QPushButton *m_cancel;
    dbx::TransferJob *m_job = nullptr;
    QList<QComboBox *> m_types;   ///< new table: a type per CSV column
    QList<QComboBox *> m_mapping; ///< existing table: a target column per CSV column
};

} // namespace bb::plugins::database
