#include "websocket_view.h"

#include "header_lines.h"
#include "message_detail.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace bb::endpoints {

WebSocketView::WebSocketView(QWidget *parent)
    : QWidget(parent)
    , m_url(new QLineEdit(this))
    , m_headers(new QPlainTextEdit(this))
    , m_verifyTls(new QCheckBox(tr("Verify TLS"), this))
    , m_caBundle(new QLineEdit(this))
    , m_browseCa(new QPushButton(tr("Browse…"), this))
    , m_connect(new QPushButton(tr("Connect"), this))
    , m_closeCode(new QSpinBox(this))
    , m_closeReason(new QLineEdit(this))
    , m_status(new QLabel(this))
    , m_mode(new QComboBox(this))
    , m_composer(new QPlainTextEdit(this))
    , m_send(new QPushButton(tr("Send"), this))
    , m_ping(new QPushButton(tr("Ping"), this))
    , m_log(new QTableView(this))
    , m_detail(new QPlainTextEdit(this))
{
    m_url->setObjectName("wsUrl");
    m_url->setPlaceholderText(QStringLiteral("ws://127.0.0.1:8080/socket"));
    m_headers->setObjectName("wsHeaders");
    m_headers->setPlaceholderText(
        tr("Authorization: Bearer …\nSec-WebSocket-Protocol: graphql-ws"));
    m_headers->setMaximumHeight(70);
    m_verifyTls->setObjectName("wsVerifyTls");
    m_verifyTls->setChecked(true);
    m_verifyTls->setToolTip(tr("Check the wss:// server's certificate and host name"));
    m_caBundle->setObjectName("wsCaBundle");
    m_caBundle->setPlaceholderText(tr("CA bundle (PEM); empty = the system's CAs"));
    m_browseCa->setObjectName("wsBrowseCa");
    m_connect->setObjectName("wsConnect");
    m_closeCode->setObjectName("wsCloseCode");
    m_closeCode->setRange(1000, 4999);
    m_closeCode->setValue(1000);
    m_closeCode->setToolTip(tr("Close code sent on Disconnect (RFC 6455 §7.4)"));
    m_closeReason->setObjectName("wsCloseReason");
    m_closeReason->setPlaceholderText(tr("close reason"));
    m_status->setObjectName("wsStatus");
    m_status->setWordWrap(true);
    m_mode->setObjectName("wsMode");
    m_mode->addItems({tr("Text"), tr("JSON")});
    m_composer->setObjectName("wsComposer");
    m_composer->setPlaceholderText(tr("Message (Ctrl+Enter sends)"));
    m_send->setObjectName("wsSend");
    m_ping->setObjectName("wsPing");
    m_log->setObjectName("wsLog");
    m_log->setModel(m_session.log());
    m_log->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_log->setSelectionMode(QAbstractItemView::SingleSelection);
    m_log->verticalHeader()->hide();
    m_log->horizontalHeader()->setStretchLastSection(true);
    m_detail->setObjectName("wsDetail");
    m_detail->setReadOnly(true);

    auto *form = new QFormLayout;
    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_url, 1);
    urlRow->addWidget(m_connect);
    urlRow->addWidget(m_closeCode);
    urlRow->addWidget(m_closeReason);
    form->addRow(tr("URL"), urlRow);
    form->addRow(tr("Headers"), m_headers);
    auto *tlsRow = new QHBoxLayout;
    tlsRow->addWidget(m_verifyTls);
    tlsRow->addWidget(m_caBundle, 1);
    tlsRow->addWidget(m_browseCa);
    form->addRow(tr("TLS"), tlsRow);

    auto *composerBox = new QWidget(this);
    auto *composerLayout = new QVBoxLayout(composerBox);
    composerLayout->setContentsMargins(0, 0, 0, 0);
    auto *composerBar = new QHBoxLayout;
    composerBar->addWidget(m_mode);
    composerBar->addStretch(1);
    composerBar->addWidget(m_ping);
    composerBar->addWidget(m_send);
    composerLayout->addWidget(m_composer);
    composerLayout->addLayout(composerBar);

    auto *logSplit = new QSplitter(Qt::Horizontal, this);
    logSplit->addWidget(m_log);
    logSplit->addWidget(m_detail);
    logSplit->setStretchFactor(0, 3);
    logSplit->setStretchFactor(1, 2);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(composerBox);
    split->addWidget(logSplit);
    split->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);

    connect(m_connect, &QPushButton::clicked, this, [this] {
        if (m_session.state() == QAbstractSocket::UnconnectedState)
            connectToServer();
        else
            disconnectFromServer();
    });
    connect(m_browseCa, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("CA bundle"), m_caBundle->text(),
                                         tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
        if (!path.isEmpty())
            m_caBundle->setText(path);
    });
    connect(m_send, &QPushButton::clicked, this, &WebSocketView::sendComposed);
    connect(m_ping, &QPushButton::clicked, this, [this] {
        if (auto r = m_session.ping(); !r)
            showStatus(r.error().message, true);
    });
    for (auto key :
         {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto *shortcut = new QShortcut(key, m_composer);
        shortcut->setContext(Qt::WidgetShortcut);
        connect(shortcut, &QShortcut::activated, this, &WebSocketView::sendComposed);
    }
    connect(&m_session, &client::WebSocketSession::stateChanged, this, &WebSocketView::updateState);
    connect(&m_session, &client::WebSocketSession::connected, this, [this] {
        m_opened = true;
        showStatus(tr("Connected"), false);
    });
    connect(&m_session, &client::WebSocketSession::disconnected, this,
            [this](int code, const QString &reason) {
                if (m_failed && !m_opened)
                    return; // the error already shown says why it never opened
                showStatus(reason.isEmpty() ? tr("Closed (%1)").arg(code)
                                            : tr("Closed (%1): %2").arg(code).arg(reason),
                           false);
            });
    connect(&m_session, &client::WebSocketSession::errorOccurred, this,
            [this](const QString &message) {
                m_failed = true;
                showStatus(message, true);
            });
    connect(&m_session, &client::WebSocketSession::pong, this,
            [this](qint64 ms) { showStatus(tr("Pong after %1 ms").arg(ms), false); });
    connect(m_log->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &WebSocketView::showSelected);
    // Follow the newest message unless the user picked an older one to read.
    connect(m_session.log(), &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_log->currentIndex().isValid())
            m_log->scrollToBottom();
    });
    updateState();
}

void WebSocketView::setUrl(const QString &url)
{
    m_url->setText(url);
}

QString WebSocketView::url() const
{
    return m_url->text().trimmed();
}

void WebSocketView::setHeaders(const QString &lines)
{
    m_headers->setPlainText(lines);
}

void WebSocketView::setTlsOptions(bool verify, const QString &caBundle)
{
    m_verifyTls->setChecked(verify);
    m_caBundle->setText(caBundle);
}

bool WebSocketView::verifyTls() const
{
    return m_verifyTls->isChecked();
}

QString WebSocketView::caBundle() const
{
    return m_caBundle->text().trimmed();
}

void WebSocketView::connectToServer()
{
    const auto headers = parseHeaderLines(m_headers->toPlainText());
    if (!headers) {
        showStatus(headers.error().message, true);
        return;
    }
    // Read the CA bundle now, so a missing file is reported before anything is attempted.
    const auto tls = client::webSocketTls(verifyTls(), caBundle());
    if (!tls) {
        showStatus(tls.error().message, true);
        return;
    }
    m_session.setSslConfiguration(*tls);
    m_opened = m_failed = false;
    if (auto r = m_session.open(QUrl(url()), *headers); !r) {
        showStatus(r.error().message, true);
        return;
    }
    showStatus(tr("Connecting…"), false);
}

void WebSocketView::disconnectFromServer()
{
    m_session.close(m_closeCode->value(), m_closeReason->text());
}

void WebSocketView::sendComposed()
{
    const QString text = m_composer->toPlainText();
    const bool json = m_mode->currentIndex() == 1;
    const auto r = json ? m_session.sendJson(text) : m_session.sendText(text);
    if (!r) {
        showStatus(r.error().message, true);
        if (json && r.error().position >= 0) { // put the cursor where the JSON went wrong
            QTextCursor c = m_composer->textCursor();
            c.setPosition(qMin(r.error().position, int(text.size())));
            m_composer->setTextCursor(c);
        }
        return;
    }
    showStatus(tr("Sent %1 bytes").arg(text.toUtf8().size()), false);
}

void WebSocketView::updateState()
{
    const auto state = m_session.state();
    const bool connected = state == QAbstractSocket::ConnectedState;
    const bool idle = state == QAbstractSocket::UnconnectedState;
    m_connect->setText(idle ? tr("Connect") : tr("Disconnect"));
    m_url->setEnabled(idle);
    m_headers->setEnabled(idle);
    m_verifyTls->setEnabled(idle);
    m_caBundle->setEnabled(idle);
    m_browseCa->setEnabled(idle);
    m_send->setEnabled(connected);
    m_ping->setEnabled(connected);
}

void WebSocketView::showStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setProperty("error", error);
    m_status->setStyleSheet(error ? QStringLiteral("color: #c0392b;") : QString());
}

void WebSocketView::showSelected()
{
    const QModelIndex current = m_log->currentIndex();
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    const client::WebSocketMessage &m = m_session.log()->message(current.row());
    const QString direction =
        m.direction == client::WebSocketMessage::Direction::Sent       ? tr("↑ Sent")
        : m.direction == client::WebSocketMessage::Direction::Received ? tr("↓ Received")
                                                                       : tr("• Event");
    QString head = QStringLiteral("%1  %2").arg(
        direction, m.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
    if (m.direction != client::WebSocketMessage::Direction::Event)
        head +=
            tr("  %1 bytes, %2").arg(m.payload.size()).arg(m.binary ? tr("binary") : tr("text"));
    m_detail->setPlainText(head + QStringLiteral("\n\n") +
                           (m.binary ? m.text() : prettyIfJson(m.text())));
}

} // namespace bb::endpoints
