#include "sse_view.h"

#include "header_lines.h"
#include "message_detail.h"

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
    connect(&m_stream, &client::SseStream::opened, this,
            [this](int status) { showStatus(tr("Streaming (HTTP %1)").arg(status), false); });
    connect(&m_stream, &client::SseStream::eventReceived, this, [this](const client::SseEvent &e) {
        m_events.append(e);
        if (!m_table->currentIndex().isValid())
            m_table->scrollToBottom();
    });
    connect(&m_stream, &client::SseStream::finished, this, [this](const QString &error) {
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
    m_stream.start(request);
    showStatus(tr("Connecting…"), false);
    updateState();
}

void SseView::stop()
{
    m_stream.stop();
}

void SseView::updateState()
{
    const bool running = m_stream.isRunning();
    m_connect->setText(running ? tr("Stop") : tr("Connect"));
    m_url->setEnabled(!running);
    m_headers->setEnabled(!running);
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
