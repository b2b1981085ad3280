// LogsWidget: the cross-panel actions (showLogs with its history fetch, showTrace), export,
// columns and the lines-kept bound.
#include "logs_widget.h"

#include "log_details.h"
#include "logs_settings_p.h"
#include "logview/engine_log_source.h"
#include "logview/log_line_parser.h"
#include "logview/log_table_model.h"
#include "query_edit.h"

#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPointer>
#include <QToolButton>
#include <QVBoxLayout>

#include <limits>

namespace bb::plugins::logs {

using logview::LogTableModel;
using namespace settings;

void LogsWidget::showLogs(const QVariantMap &args)
{
    const QString query = args.value(QStringLiteral("query")).toString();
    const QString traceId = args.value(QStringLiteral("traceId")).toString();
    QString text = query;
    if (!traceId.isEmpty()) {
        const QString t =
            QStringLiteral("traceId='%1'").arg(QString(traceId).remove(QLatin1Char('\'')));
        text = text.trimmed().isEmpty() ? t : QStringLiteral("(%1) && %2").arg(text, t);
    }
    if (args.contains(QStringLiteral("query")) || !traceId.isEmpty()) {
        m_query->setText(text);
        applyQuery();
    }
    bool okFrom = false, okTo = false;
    const qint64 from = args.value(QStringLiteral("from")).toLongLong(&okFrom);
    const qint64 to = args.value(QStringLiteral("to")).toLongLong(&okTo);
    if (okFrom || okTo) {
        m_model->setTimeRange(okFrom ? from : logview::LogFilter::kNoLimitFrom,
                              okTo ? to : logview::LogFilter::kNoLimitTo);
        m_resetZoom->setEnabled(true);
        m_countsDirty = true;
    }
    if (!traceId.isEmpty())
        m_details->showTrace(traceId);
    if (okFrom)
        fetchHistory(from, okTo ? to : logview::LogFilter::kNoLimitTo, m_model->queryText());
}

void LogsWidget::fetchHistory(qint64 from, qint64 to, const QString &query)
{
    // An engine keeps more than the panel may hold: what lies before the oldest line held is
    // fetched and put before it, so a range from the Metrics panel shows its lines.
    auto *engineSource = qobject_cast<logview::EngineLogSource *>(m_source.get());
    const qint64 oldest =
        m_model->heldLines() ? m_model->oldestHeldMs() : std::numeric_limits<qint64>::max();
    if (!engineSource || from >= oldest)
        return;
    const qint64 until = qMin(to == logview::LogFilter::kNoLimitTo ? oldest : to + 1, oldest);
    QPointer<LogsWidget> self(this);
    engineSource->fetchRange(
        from, until, query,
        [self, engineSource](QByteArrayList lines, bool hasMore, const QString &error) {
            if (!self || self->m_source.get() != engineSource)
                return;
            if (!error.isEmpty()) {
                self->m_status->setText(tr("Older lines could not be fetched: %1").arg(error));
                self->m_statusHoldUntil = QDateTime::currentMSecsSinceEpoch() + 5000;
                return;
            }
            std::vector<logview::LogLine> parsed;
            parsed.reserve(std::size_t(lines.size()));
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            for (const QByteArray &line : lines)
                parsed.push_back(logview::parseLogLine(line, self->m_model->fields(), now));
            const int taken = self->m_model->prependOlder(std::move(parsed));
            self->m_status->setText(
                tr("Fetched %1 older lines from the engine%2")
                    .arg(taken)
                    .arg(hasMore ? tr(" (the newest of that range; narrow it for the rest)")
                                 : QString()));
            self->m_statusHoldUntil = QDateTime::currentMSecsSinceEpoch() + 5000;
            self->m_countsDirty = true;
        });
}

void LogsWidget::showTrace(const QString &traceId)
{
    m_details->showTrace(traceId);
}

bool LogsWidget::exportTo(const QString &path, logview::ExportFormat format, QString *error)
{
    // CSV gets the columns on screen plus every discovered field, in the order first seen.
    return m_exporter->start(path, format, error);
}

void LogsWidget::exportPressed()
{
    QString filter;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export the lines shown"), QStringLiteral("logs.jsonl"),
        tr("JSON lines (*.jsonl);;CSV (*.csv)"), &filter);
    if (path.isEmpty())
        return;
    const auto format = (filter.contains(QLatin1String("csv")) ||
                         path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
                            ? logview::ExportFormat::Csv
                            : logview::ExportFormat::JsonLines;
    QString error;
    if (!exportTo(path, format, &error))
        QMessageBox::warning(this, tr("Export"), error);
}

void LogsWidget::chooseColumns()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Columns"));
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QLabel(tr("Fields shown after Time, Level and Message:"), &dialog));
    auto *list = new QListWidget(&dialog);
    const QStringList current = m_model->extraColumns();
    QStringList names = m_model->fields().names();
    for (const QString &c : current) {
        if (!names.contains(c))
            names.append(c);
    }
    for (const QString &name : names) {
        auto *item = new QListWidgetItem(name, list);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(current.contains(name) ? Qt::Checked : Qt::Unchecked);
    }
    layout->addWidget(list);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QStringList chosen;
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->checkState() == Qt::Checked)
            chosen.append(list->item(i)->text());
    }
    m_model->setExtraColumns(chosen);
    saveState();
}

void LogsWidget::chooseCapacity()
{
    bool ok = false;
    const int lines = QInputDialog::getInt(
        this, tr("Lines kept"),
        tr("The most lines held; the oldest are dropped beyond it (about 150 bytes each):"),
        int(m_model->capacity()), 1000, 20'000'000, 100'000, &ok);
    if (!ok)
        return;
    m_model->setCapacity(std::size_t(lines));
    m_settings.setValue(kCapacity, lines);
}

} // namespace bb::plugins::logs
