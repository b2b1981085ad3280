#include "import_dialog.h"

#include "dbx/import_export_job.h"
#include "transfer_progress.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace bb::plugins::database {

namespace {
const QList<dbx::CsvType> kTypes{dbx::CsvType::Integer, dbx::CsvType::Real, dbx::CsvType::Text};
}

ImportDialog::ImportDialog(std::shared_ptr<store::Database> db, const QList<store::Table> &tables,
                           const QString &target, QWidget *parent)
    : QDialog(parent)
    , m_db(std::move(db))
    , m_path(new QLineEdit(this))
    , m_header(new QCheckBox(tr("First row is a header"), this))
    , m_separator(new QLabel(this))
    , m_newTable(new QRadioButton(tr("New table"), this))
    , m_existing(new QRadioButton(tr("Existing table"), this))
    , m_tableList(tables)
    , m_tableName(new QLineEdit(this))
    , m_tables(new QComboBox(this))
    , m_preview(new QTableWidget(this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_start(new QPushButton(tr("Import"), this))
    , m_cancel(new QPushButton(tr("Close"), this))
{
    setWindowTitle(tr("Import CSV"));
    for (const store::Table &t : tables)
        m_tables->addItem(t.name);
    const bool existing = m_tables->findText(target) >= 0;
    (existing ? m_existing : m_newTable)->setChecked(true);
    if (existing)
        m_tables->setCurrentText(target);
    else
        m_tableName->setText(target);
    m_existing->setEnabled(!tables.isEmpty());
    m_header->setChecked(true);
    m_progress->setRange(0, 1000);
    m_progress->hide();
    m_status->setWordWrap(true);
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->verticalHeader()->setDefaultSectionSize(m_preview->fontMetrics().height() + 8);

    auto *browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file =
            QFileDialog::getOpenFileName(this, tr("CSV file"), m_path->text(),
                                         tr("CSV files (*.csv *.tsv *.txt);;All files (*)"));
        if (!file.isEmpty())
            setFile(file);
    });
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    auto *headerRow = new QHBoxLayout;
    headerRow->addWidget(m_header);
    headerRow->addStretch();
    headerRow->addWidget(m_separator);
    auto *newRow = new QHBoxLayout;
    newRow->addWidget(m_newTable);
    newRow->addWidget(m_tableName, 1);
    auto *existingRow = new QHBoxLayout;
    existingRow->addWidget(m_existing);
    existingRow->addWidget(m_tables, 1);
    auto *form = new QFormLayout;
    form->addRow(tr("File"), pathRow);
    form->addRow(QString(), headerRow);
    form->addRow(tr("Into"), newRow);
    form->addRow(QString(), existingRow);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_start);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Preview: the first row is the type of each column of a new "
                                    "table, or the table column it goes to (or skip):"),
                                 this));
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_progress);
    layout->addLayout(buttons);

    connect(m_path, &QLineEdit::editingFinished, this, [this] { reloadPreview(false); });
    connect(m_header, &QCheckBox::toggled, this, [this] { reloadPreview(true); });
    connect(m_newTable, &QRadioButton::toggled, this, &ImportDialog::fillPreview);
    connect(m_tables, &QComboBox::currentIndexChanged, this, [this] {
        if (m_existing->isChecked())
            fillPreview();
    });
    connect(m_start, &QPushButton::clicked, this, &ImportDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_job)
            cancel();
        else
            reject();
    });
    resize(760, 520);
}

ImportDialog::~ImportDialog()
{
    delete m_job; // cancels and waits; a cancelled import is rolled back
}

void ImportDialog::setFile(const QString &path)
{
    m_path->setText(path);
    if (m_newTable->isChecked() && m_tableName->text().isEmpty())
        m_tableName->setText(QFileInfo(path).completeBaseName());
    reloadPreview(false);
}

void ImportDialog::setHasHeader(bool header)
{
    m_header->setChecked(header);
    reloadPreview(true);
}

void ImportDialog::setNewTable(const QString &name)
{
    m_newTable->setChecked(true);
    m_tableName->setText(name);
}

void ImportDialog::setExistingTable(const QString &table)
{
    m_tables->setCurrentText(table);
    m_existing->setChecked(true);
    fillPreview();
}

QStringList ImportDialog::mapping() const
{
    QStringList out;
    for (const QComboBox *combo : m_mapping)
        out << combo->currentData().toString();
    return out;
}

QComboBox *ImportDialog::columnCombo(int column) const
{
    return qobject_cast<QComboBox *>(m_preview->cellWidget(0, column));
}

const store::Table *ImportDialog::currentTable() const
{
    for (const store::Table &t : m_tableList)
        if (t.name == m_tables->currentText())
            return &t;
    return nullptr;
}

void ImportDialog::checkMapping()
{
    const store::Table *table = currentTable();
    if (!m_existing->isChecked() || !table || m_csv.columns.isEmpty() || m_job)
        return;
    m_status->setText(dbx::csvMappingProblem(*table, mapping()));
}

QString ImportDialog::statusText() const
{
    return m_status->text();
}

void ImportDialog::reloadPreview(bool keepHeaderChoice)
{
    const QString path = m_path->text().trimmed();
    if (path.isEmpty())
        return;
    auto preview = dbx::previewCsv(path, 100, {},
                                   keepHeaderChoice ? std::optional<bool>(m_header->isChecked())
                                                    : std::nullopt);
    if (!preview) {
        m_csv = {};
        m_status->setText(preview.error().message);
        m_preview->clear();
        m_preview->setRowCount(0);
        m_preview->setColumnCount(0);
        return;
    }
    m_csv = *preview;
    {
        const QSignalBlocker block(m_header);
        m_header->setChecked(m_csv.hasHeader);
    }
    const QString sep = m_csv.separator == '\t' ? tr("tab") : QString(QLatin1Char(m_csv.separator));
    m_separator->setText(
        tr("Separator: %1 · %2").arg(sep, QLocale().formattedDataSize(m_csv.fileSize)));
    m_status->clear();
    fillPreview();
}

void ImportDialog::fillPreview()
{
    // Row 0 holds a picker per CSV column: its type for a new table, or the table column it
    // goes to; the sample rows follow.
    m_preview->clear();
    m_types.clear();
    m_mapping.clear();
    m_status->clear();
    m_preview->setColumnCount(int(m_csv.columns.size()));
    m_preview->setHorizontalHeaderLabels(m_csv.columns);
    m_preview->setRowCount(int(m_csv.rows.size()) + 1);
    const store::Table *table = m_existing->isChecked() ? currentTable() : nullptr;
    QStringList rowLabels{table ? tr("into") : tr("type")};
    if (table) {
        // By name when the CSV names its columns; by position when it does not.
        const QStringList initial =
            m_csv.hasHeader ? dbx::mapCsvColumnsByName(m_csv.columns, *table)
                            : dbx::mapCsvColumnsByPosition(int(m_csv.columns.size()), *table);
        const QStringList required = dbx::unmappedRequiredColumns(*table, {});
        for (int c = 0; c < m_csv.columns.size(); ++c) {
            auto *target = new QComboBox(m_preview);
            target->addItem(tr("(skip)"), QString());
            for (const store::Column &column : table->columns)
                target->addItem(required.contains(column.name)
                                    ? tr("%1 (required)").arg(column.name)
                                    : column.name,
                                column.name);
            target->setCurrentIndex(std::max(0, target->findData(initial.value(c))));
            target->setToolTip(tr("The column of %1 this CSV column goes to").arg(table->name));
            connect(target, &QComboBox::currentIndexChanged, this, &ImportDialog::checkMapping);
            m_preview->setCellWidget(0, c, target);
            m_mapping << target;
        }
    } else {
        for (int c = 0; c < m_csv.columns.size(); ++c) {
            auto *type = new QComboBox(m_preview);
            for (dbx::CsvType t : kTypes)
                type->addItem(dbx::csvTypeName(t));
            type->setCurrentIndex(int(kTypes.indexOf(m_csv.types.value(c, dbx::CsvType::Text))));
            type->setEnabled(m_newTable->isChecked());
            m_preview->setCellWidget(0, c, type);
            m_types << type;
        }
    }
    for (int r = 0; r < m_csv.rows.size(); ++r) {
        rowLabels << QString::number(r + 1);
        for (int c = 0; c < m_csv.columns.size(); ++c)
            m_preview->setItem(r + 1, c, new QTableWidgetItem(m_csv.rows[r].value(c)));
    }
    m_preview->setVerticalHeaderLabels(rowLabels);
    checkMapping();
}

void ImportDialog::start()
{
    if (m_job)
        return;
    if (m_csv.columns.isEmpty()) {
        m_status->setText(tr("Choose a CSV file first."));
        return;
    }
    dbx::CsvImportOptions options;
    options.path = m_path->text().trimmed();
    options.separator = m_csv.separator;
    options.hasHeader = m_header->isChecked();
    options.createTable = m_newTable->isChecked();
    options.table = options.createTable ? m_tableName->text().trimmed() : m_tables->currentText();
    if (options.table.isEmpty()) {
        m_status->setText(tr("Name the table to import into."));
        return;
    }
    if (options.createTable) {
        options.columns = m_csv.columns;
        for (QComboBox *type : std::as_const(m_types))
            options.types << kTypes.value(type->currentIndex(), dbx::CsvType::Text);
    } else {
        // The mapping as shown; refused here with the reason rather than half-way through.
        options.columns = mapping();
        const store::Table *table = currentTable();
        if (table) {
            if (const QString problem = dbx::csvMappingProblem(*table, options.columns);
                !problem.isEmpty()) {
                m_status->setText(tr("Cannot import: %1").arg(problem));
                return;
            }
        }
    }

    auto db = m_db;
    m_job = new dbx::TransferJob(
        [db, options](dbx::TransferControl &control) {
            return dbx::importCsv(*db, options, control);
        },
        this);
    m_progress->setValue(0);
    transferStarted({m_progress, m_status, m_start, m_cancel}, tr("Importing…"));
    connect(m_job, &dbx::TransferJob::progress, this,
            [this](qint64 rows, qint64 bytes, qint64 total) {
                if (total > 0)
                    m_progress->setValue(int(std::min<qint64>(1000, bytes * 1000 / total)));
                m_status->setText(tr("%1 rows read").arg(QLocale().toString(rows)));
            });
    connect(
        m_job, &dbx::TransferJob::finished, this,
        [this, table = options.table](bool ok, bool cancelled, qint64 rows, const QString &error) {
            transferFinished(m_job, {m_progress, m_status, m_start, m_cancel});
            if (ok)
                m_status->setText(
                    tr("Imported %1 rows into %2").arg(QLocale().toString(rows), table));
            else if (cancelled)
                m_status->setText(tr("Cancelled: nothing was imported."));
            else
                m_status->setText(tr("Nothing was imported: %1").arg(error));
            emit done(ok, table);
        });
}

void ImportDialog::cancel()
{
    if (m_job)
        m_job->cancel();
}

} // namespace bb::plugins::database
