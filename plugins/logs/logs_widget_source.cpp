// LogsWidget: the source bar, the cross-panel actions, export, and what survives a restart.
#include "logs_widget.h"

#include "engine/engine_controller.h"
#include "level_chips.h"
#include "log_details.h"
#include "logview/engine_log_source.h"
#include "logview/file_log_source.h"
#include "logview/log_line_parser.h"
#include "logview/log_table_model.h"
#include "query_edit.h"
#include "workspace/secret_store.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <limits>

namespace bb::plugins::logs {

using logview::LogTableModel;

namespace {
const QString kKind = QStringLiteral("source/kind");
const QString kRemoteUrl = QStringLiteral("source/remoteUrl");
const QString kFile = QStringLiteral("source/file");
const QString kQuery = QStringLiteral("query");
const QString kLevels = QStringLiteral("levels");
const QString kHeader = QStringLiteral("view/header");
const QString kSplitter = QStringLiteral("view/splitter");
const QString kColumns = QStringLiteral("view/columns");
const QString kCapacity = QStringLiteral("capacity");
// Remote tokens live in the keychain under this key, by URL.
const QString kSecretKey = QStringLiteral("backbench-logs-panel");
const QString kSecretEnv = QStringLiteral("remote");
} // namespace

QWidget *LogsWidget::buildSourceBar()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    m_sourcePicker = new QComboBox(bar);
    m_sourcePicker->addItem(tr("Embedded engine"));
    m_sourcePicker->addItem(tr("Remote Backbench"));
    m_sourcePicker->addItem(tr("JSON-lines file"));
    m_sourcePicker->setToolTip(tr("Where the lines come from"));
    row->addWidget(m_sourcePicker);
    m_location = new QLineEdit(bar);
    row->addWidget(m_location, 2);
    m_token = new QLineEdit(bar);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("admin token"));
    row->addWidget(m_token, 1);
    m_browse = new QPushButton(tr("Browse…"), bar);
    connect(m_browse, &QPushButton::clicked, this, &LogsWidget::browseFile);
    row->addWidget(m_browse);
    m_connect = new QPushButton(tr("Connect"), bar);
    m_connect->setToolTip(tr("Start reading from this source (Enter in the address)"));
    connect(m_connect, &QPushButton::clicked, this, &LogsWidget::connectPressed);
    connect(m_location, &QLineEdit::returnPressed, this, &LogsWidget::connectPressed);
    connect(m_token, &QLineEdit::returnPressed, this, &LogsWidget::connectPressed);
    row->addWidget(m_connect);
    m_sourceStatus = new QLabel(bar);
    m_sourceStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    row->addWidget(m_sourceStatus, 2);
    connect(m_sourcePicker, &QComboBox::activated, this, &LogsWidget::onSourceKindPicked);
    return bar;
}

void LogsWidget::onSourceKindPicked(int index)
{
    const auto kind = SourceKind(index);
    m_location->setVisible(kind != SourceKind::Engine);
    m_token->setVisible(kind == SourceKind::Remote);
    m_browse->setVisible(kind == SourceKind::File);
    m_connect->setVisible(kind != SourceKind::Engine);
    if (kind == SourceKind::Remote) {
        m_location->setPlaceholderText(tr("http://host:8080 (a Backbench engine)"));
        m_location->setText(m_settings.value(kRemoteUrl).toString());
    } else if (kind == SourceKind::File) {
        m_location->setPlaceholderText(tr("/path/to/app.log (JSON lines)"));
        m_location->setText(m_settings.value(kFile).toString());
    }
    if (kind == SourceKind::Engine)
        useEngineSource();
    else if (kind == SourceKind::Remote && !m_location->text().isEmpty() && m_secrets) {
        // Fill the remembered token, if the keychain has one for this URL.
        const QString url = m_location->text();
        m_secrets->read(kSecretEnv, url, [this, url](bb::Result<QString> r) {
            if (r && m_location->text() == url && m_token->text().isEmpty())
                m_token->setText(*r);
        });
    }
}

void LogsWidget::connectPressed()
{
    const auto kind = SourceKind(m_sourcePicker->currentIndex());
    if (kind == SourceKind::Remote) {
        const QUrl url = QUrl::fromUserInput(m_location->text().trimmed());
        if (!url.isValid() || url.host().isEmpty()) {
            m_sourceStatus->setText(tr("Enter the engine's address, e.g. http://127.0.0.1:8080"));
            return;
        }
        useRemoteSource(url, m_token->text());
    } else if (kind == SourceKind::File) {
        const QString path = m_location->text().trimmed();
        if (path.isEmpty()) {
            browseFile();
            return;
        }
        useFileSource(path);
    } else {
        useEngineSource();
    }
}

void LogsWidget::browseFile()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open a JSON-lines log"), m_location->text(),
                                     tr("Logs (*.log *.jsonl *.ndjson *.json);;All files (*)"));
    if (path.isEmpty())
        return;
    m_location->setText(path);
    useFileSource(path);
}

void LogsWidget::startSource(std::unique_ptr<logview::LogSource> source, SourceKind kind)
{
    if (m_source)
        m_source->stop();
    m_source.reset();
    m_model->clear();
    m_details->clear();
    m_kind = kind;
    m_sourcePicker->setCurrentIndex(int(kind));
    m_location->setVisible(kind != SourceKind::Engine);
    m_token->setVisible(kind == SourceKind::Remote);
    m_browse->setVisible(kind == SourceKind::File);
    m_connect->setVisible(kind != SourceKind::Engine);
    m_source = std::move(source);
    m_settings.setValue(kKind, int(kind));
    if (!m_source)
        return;
    connect(m_source.get(), &logview::LogSource::stateChanged, this,
            [this](logview::LogSource::State state, const QString &text) {
                QString shown = text;
                if (m_kind == SourceKind::Remote && m_secrets && !m_secrets->isPersistent() &&
                    state == logview::LogSource::State::Live)
                    shown += tr(" · token kept for this session only (%1)")
                                 .arg(m_secrets->sessionOnlyReason());
                m_sourceStatus->setText(shown);
                m_sourceStatus->setStyleSheet(state == logview::LogSource::State::Error
                                                  ? QStringLiteral("color: #e02f44;")
                                                  : QString());
            });
    m_source->start();
}

void LogsWidget::useEngineSource()
{
    if (!m_engine) {
        startSource(nullptr, SourceKind::Engine);
        m_sourceStatus->setText(tr("No embedded engine in this process"));
        return;
    }
    engine::EngineController *engine = m_engine;
    auto source = std::make_unique<logview::EngineLogSource>(
        &m_model->ingest(), engine->baseUrl(), [engine] { return engine->localAdminToken(); });
    if (engine->state() != engine::EngineController::State::Running) {
        startSource(nullptr, SourceKind::Engine);
        m_sourceStatus->setText(tr("The embedded engine is not running; its logs show when it "
                                   "starts"));
        return;
    }
    startSource(std::move(source), SourceKind::Engine);
}

void LogsWidget::useRemoteSource(const QUrl &url, const QString &token, bool remember)
{
    m_location->setText(url.toString());
    m_token->setText(token);
    m_settings.setValue(kRemoteUrl, url.toString());
    if (remember && m_secrets && !token.isEmpty())
        m_secrets->write(kSecretEnv, url.toString(), token, [](bb::Result<void>) {});
    // The token is captured by value: the line edit may change before the next reconnect.
    auto source = std::make_unique<logview::EngineLogSource>(&m_model->ingest(), url,
                                                             [token] { return token; });
    startSource(std::move(source), SourceKind::Remote);
}

void LogsWidget::useFileSource(const QString &path)
{
    m_location->setText(path);
    m_settings.setValue(kFile, path);
    startSource(std::make_unique<logview::FileLogSource>(&m_model->ingest(), path),
                SourceKind::File);
}

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

void LogsWidget::saveState()
{
    if (!m_restored)
        return;
    m_settings.setValue(kQuery, m_model->queryText());
    m_settings.setValue(kLevels, m_model->filter().levelMask());
    m_settings.setValue(kHeader, m_view->horizontalHeader()->saveState());
    m_settings.setValue(kSplitter, m_splitter->saveState());
    m_settings.setValue(kColumns, m_model->extraColumns());
}

void LogsWidget::restoreState()
{
    if (m_settings.contains(kCapacity))
        m_model->setCapacity(std::size_t(qMax(1000, m_settings.value(kCapacity).toInt())));
    const QStringList columns = m_settings.value(kColumns).toStringList();
    if (!columns.isEmpty())
        m_model->setExtraColumns(columns);
    const unsigned mask = m_settings.value(kLevels, 0x3f).toUInt();
    for (int i = 0; i < logview::kSeverityCount; ++i) {
        const bool on = mask & (1u << i);
        m_chips->setEnabledLevel(logview::Severity(i), on);
        m_model->setLevelEnabled(logview::Severity(i), on);
    }
    const QString query = m_settings.value(kQuery).toString();
    if (!query.isEmpty()) {
        m_query->setText(query);
        applyQuery();
    }
    m_view->horizontalHeader()->restoreState(m_settings.value(kHeader).toByteArray());
    m_splitter->restoreState(m_settings.value(kSplitter).toByteArray());
    m_secrets = new workspace::SecretStore(kSecretKey, this);
    const auto kind = SourceKind(qBound(0, m_settings.value(kKind, 0).toInt(), 2));
    m_sourcePicker->setCurrentIndex(int(kind));
    m_restored = true;
    if (kind == SourceKind::File && !m_settings.value(kFile).toString().isEmpty()) {
        useFileSource(m_settings.value(kFile).toString());
    } else if (kind == SourceKind::Remote && !m_settings.value(kRemoteUrl).toString().isEmpty()) {
        // The token comes back from the keychain; until then the source waits.
        const QString url = m_settings.value(kRemoteUrl).toString();
        startSource(nullptr, SourceKind::Remote);
        m_location->setText(url);
        m_sourceStatus->setText(tr("Reading the token for %1 from the keychain…").arg(url));
        m_secrets->read(kSecretEnv, url, [this, url](bb::Result<QString> r) {
            if (m_kind != SourceKind::Remote || m_source)
                return;
            if (r)
                useRemoteSource(QUrl(url), *r, false);
            else
                m_sourceStatus->setText(
                    tr("Enter the admin token for %1 and press Connect").arg(url));
        });
    } else {
        useEngineSource();
    }
    if (m_engine) {
        // Follow the embedded engine: start tailing when it starts, stop when it stops.
        connect(m_engine, &engine::EngineController::stateChanged, this,
                [this](engine::EngineController::State state) {
                    if (m_kind != SourceKind::Engine)
                        return;
                    if (state == engine::EngineController::State::Running) {
                        // Same address: resume after the last seq, keeping what is shown.
                        if (m_source && m_source->traceApiBase() == m_engine->baseUrl())
                            m_source->start();
                        else
                            useEngineSource();
                    } else if (state == engine::EngineController::State::Stopped && m_source) {
                        m_source->stop();
                        m_sourceStatus->setText(tr("The embedded engine stopped; the lines "
                                                   "stay until you clear them"));
                    }
                });
    }
}

void LogsWidget::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_countsDirty = true;
}

} // namespace bb::plugins::logs
