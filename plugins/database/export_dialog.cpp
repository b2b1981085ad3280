#include "export_dialog.h"

#include "dbx/export_data.h"
#include "transfer_progress.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace bb::plugins::database {

ExportDialog::ExportDialog(std::shared_ptr<store::Database> db, const QString &table,
                           const QString &query, QWidget *parent)
    : QDialog(parent)
    , m_db(std::move(db))
    , m_table(table)
    , m_query(query)
    , m_format(new QComboBox(this))
    , m_path(new QLineEdit(this))
    , m_header(new QCheckBox(tr("Header row"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_start(new QPushButton(tr("Export"), this))
    , m_cancel(new QPushButton(tr("Close"), this))
{
    setWindowTitle(tr("Export %1").arg(table.isEmpty() ? tr("result") : table));
    m_format->addItems({tr("CSV"), tr("JSON"), tr("SQL INSERT statements")});
    m_header->setChecked(true);
    m_progress->setRange(0, 0);
    m_progress->hide();
    m_status->setWordWrap(true);
    const QString base = table.isEmpty() ? QStringLiteral("result") : table;
    m_path->setText(QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                        .filePath(base + QStringLiteral(".csv")));
    auto *browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(this, tr("Export to"), m_path->text());
        if (!file.isEmpty())
            m_path->setText(file);
    });
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    auto *form = new QFormLayout;
    form->addRow(tr("Format"), m_format);
    form->addRow(tr("File"), pathRow);
    form->addRow(QString(), m_header);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_start);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addLayout(buttons);
    m_start->setDefault(true);

    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    connect(m_start, &QPushButton::clicked, this, &ExportDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_job)
            cancel();
        else
            reject();
    });
    resize(560, sizeHint().height());
}

ExportDialog::~ExportDialog()
{
    delete m_job; // cancels and waits; a cancelled export leaves no file
}

void ExportDialog::setPath(const QString &path)
{
    m_path->setText(path);
}

void ExportDialog::setFormat(int format)
{
    m_format->setCurrentIndex(format);
}

QString ExportDialog::statusText() const
{
    return m_status->text();
}

void ExportDialog::formatChanged()
{
    const auto format = dbx::ExportFormat(m_format->currentIndex());
    m_header->setEnabled(format == dbx::ExportFormat::Csv);
    QString path = m_path->text();
    const qsizetype dot = path.lastIndexOf(QLatin1Char('.'));
    if (dot > path.lastIndexOf(QLatin1Char('/')))
        path = path.left(dot);
    m_path->setText(path + QLatin1Char('.') + dbx::exportFormatExtension(format));
}

void ExportDialog::start()
{
    if (m_job)
        return;
    dbx::ExportOptions options;
    options.format = dbx::ExportFormat(m_format->currentIndex());
    options.path = m_path->text().trimmed();
    options.table = m_table;
    options.query = m_query;
    options.header = m_header->isChecked();
    if (options.path.isEmpty()) {
        m_status->setText(tr("Choose a file to write."));
        return;
    }
    auto db = m_db;
    m_job = new dbx::TransferJob(
        [db, options](dbx::TransferControl &control) {
            return dbx::exportData(*db, options, control);
        },
        this);
    transferStarted({m_progress, m_status, m_start, m_cancel}, tr("Exporting…"));
    connect(m_job, &dbx::TransferJob::progress, this, [this](qint64 rows, qint64, qint64) {
        const qint64 total = m_job ? m_job->control().totalRows.load() : -1;
        if (total > 0) {
            m_progress->setRange(0, 1000);
            m_progress->setValue(int(std::min<qint64>(1000, rows * 1000 / total)));
        }
        m_status->setText(tr("%1 rows written").arg(QLocale().toString(rows)));
    });
    connect(
        m_job, &dbx::TransferJob::finished, this,
        [this, path = options.path](bool ok, bool cancelled, qint64 rows, const QString &error) {
            transferFinished(m_job, {m_progress, m_status, m_start, m_cancel});
            if (ok)
                m_status->setText(tr("Wrote %1 rows to %2").arg(QLocale().toString(rows), path));
            else if (cancelled)
                m_status->setText(tr("Cancelled: no file was written."));
            else
                m_status->setText(tr("Export failed: %1").arg(error));
            emit done(ok);
        });
}

void ExportDialog::cancel()
{
    if (m_job)
        m_job->cancel();
}

} // namespace bb::plugins::database
