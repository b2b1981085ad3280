// LogsWidget: the source bar and starting each kind of source.
#include "logs_widget.h"

#include "engine/engine_controller.h"
#include "log_details.h"
#include "logs_settings_p.h"
#include "logview/engine_log_source.h"
#include "logview/file_log_source.h"
#include "logview/log_table_model.h"
#include "workspace/secret_store.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace bb::plugins::logs {

using logview::LogTableModel;
using namespace settings;

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

} // namespace bb::plugins::logs
