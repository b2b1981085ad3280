#include "sse_view.h"

#include "header_lines.h"
#include "message_detail.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

namespace bb::endpoints {

SseView::SseView(QWidget *parent)
    : QWidget(parent)
    , m_events(this)
    , m_url(new QLineEdit(this))
    , m_headers(new QPlainTextEdit(this))
    , m_connect(new QPushButton(tr("Connect"), this))
    , m_clear(new QPushButton(tr("Clear"), this))
    , m_reconnect(new QCheckBox(tr("Reconnect"), this))
    , m_status(new QLabel(this))
    , m_table(new QTableView(this))
    , m_detail(new QPlainTextEdit(this))
{
    m_url->setObjectName("sseUrl");
    m_url->setPlaceholderText(QStringLiteral("http://127.0.0.1:8080/events"));
    m_headers->setObjectName("sseHeaders");
    m_headers->setPlaceholderText(tr("Authorization: Bearer …"));
    m_headers->setMaximumHeight(70);
    m_connect->setObjectName("sseConnect");
    m_clear->setObjectName("sseClear");
    m_reconnect->setObjectName("sseReconnect");
    m_reconnect->setChecked(m_policy.enabled);
    m_reconnect->setToolTip(
        tr("Open the stream again when the server closes it, after the server's retry: delay "
           "(3 s by default), sending the last event ID"));
    m_countdown.setInterval(250);
    m_status->setObjectName("sseStatus");
    m_status->setWordWrap(true);
    m_table->setObjectName("sseEvents");
    m_table->setModel(&m_events);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_detail->setObjectName("sseDetail");
    m_detail->setReadOnly(true);

    auto *form = new QFormLayout;
    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_url, 1);
    urlRow->addWidget(m_connect);
    urlRow->addWidget(m_clear);
    urlRow->addWidget(m_reconnect);
    form->addRow(tr("URL"), urlRow);
    form->addRow(tr("Headers"), m_headers);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_table);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);

    connect(m_connect, &QPushButton::clicked, this, [this] {
        if (m_stream.isRunning())
            stop();
        else
            start();
    });
    connect(m_clear, &QPushButton::clicked, this, [this] {
        m_events.clear();
        m_detail->clear();
    });
    connect(&m_stream, &client::SseStream::opened, this, [this](int status) {
        m_countdown.stop();
        if (++m_opens > 1)
            ++m_reconnects;
        QString text = tr("Streaming (HTTP %1)").arg(status);
        if (m_reconnects > 0)
            text += tr(", reconnected %n time(s)", nullptr, m_reconnects);
        showStatus(text, false);
    });
    connect(&m_stream, &client::SseStream::reconnecting, this,
            [this](int attempt, int, const QString &reason) {
                m_attempt = attempt;
                m_lostReason = reason;
                showCountdown();
                m_countdown.start();
            });
    connect(&m_countdown, &QTimer::timeout, this, &SseView::showCountdown);
    connect(&m_stream, &client::SseStream::eventReceived, this, [this](const client::SseEvent &e) {
        m_events.append(e);
        if (!m_table->currentIndex().isValid())
            m_table->scrollToBottom();
    });
    connect(&m_stream, &client::SseStream::finished, this, [this](const QString &error) {
        m_countdown.stop();
        if (error.isEmpty())
            showStatus(tr("Stopped after %n event(s)", nullptr, m_events.rowCount()), false);
        else
            showStatus(error, true);
        updateState();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SseView::showSelected);
    updateState();
}

void SseView::setUrl(const QString &url)
{
    m_url->setText(url);
}

QString SseView::url() const
{
    return m_url->text().trimmed();
}

void SseView::setHeaders(const QString &lines)
{
    m_headers->setPlainText(lines);
}

void SseView::start()
{
    const QUrl url(this->url());
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) ||
        url.host().isEmpty()) {
        showStatus(tr("not an http:// or https:// URL: %1").arg(this->url()), true);
        return;
    }
    const auto headers = parseHeaderLines(m_headers->toPlainText());
    if (!headers) {
        showStatus(headers.error().message, true);
        return;
    }
    client::HttpRequest request = m_transport;
    request.method = "GET";
    request.url = this->url();
    request.headers = *headers;
    request.body = {};
    m_policy.enabled = m_reconnect->isChecked();
    m_stream.setReconnectPolicy(m_policy);
    m_opens = m_reconnects = m_attempt = 0;
    m_stream.start(request);
    showStatus(tr("Connecting…"), false);
    updateState();
}

void SseView::stop()
{
    m_stream.stop();
}

void SseView::setReconnectPolicy(const client::SseReconnectPolicy &policy)
{
    m_policy = policy;
    m_reconnect->setChecked(policy.enabled);
}

void SseView::showCountdown()
{
    const int remainingMs = m_stream.reconnectRemainingMs();
    if (remainingMs < 0)
        return;
    const int seconds = (remainingMs + 999) / 1000; // "in 0 s" only when it is due
    QString text = m_lostReason.isEmpty() ? tr("The server closed the stream")
                                          : tr("Connection lost (%1)").arg(m_lostReason);
    text += tr("; reconnecting in %1 s (attempt %2 of %3)")
                .arg(seconds)
                .arg(m_attempt)
                .arg(m_policy.maxAttempts);
    if (m_reconnects > 0)
        text += tr(", reconnected %n time(s)", nullptr, m_reconnects);
    showStatus(text, !m_lostReason.isEmpty());
}

void SseView::updateState()
{
    const bool running = m_stream.isRunning();
    m_connect->setText(running ? tr("Stop") : tr("Connect"));
    m_url->setEnabled(!running);
    m_headers->setEnabled(!running);
    m_reconnect->setEnabled(!running);
}

void SseView::showStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setProperty("error", error);
    m_status->setStyleSheet(error ? QStringLiteral("color: #c0392b;") : QString());
}

void SseView::showSelected()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    const client::SseEvent &e = m_events.event(current.row());
    QString head = tr("event: %1").arg(e.type);
    if (!e.lastEventId.isEmpty())
        head += tr("\nid: %1").arg(e.lastEventId);
    head += tr("\nreceived: %1")
                .arg(e.received.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
    m_detail->setPlainText(head + QStringLiteral("\n\n") + prettyIfJson(e.data));
}

} // namespace bb::endpoints
