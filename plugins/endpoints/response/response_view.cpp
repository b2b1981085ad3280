#include "response_view.h"

#include "common/http_status.h"

#include "body_source.h"
#include "body_text_view.h"
#include "body_viewer.h"
#include "timing_view.h"
#include "trace_waterfall.h"

#include "worker_pool.h"
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSaveFile>
#include <QShortcut>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace bb::plugins::endpoints {

namespace {

QTableWidget *makeTable(const QStringList &headers, QWidget *parent)
{
    auto *t = new QTableWidget(0, int(headers.size()), parent);
    t->setHorizontalHeaderLabels(headers);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    t->setWordWrap(false);
    return t;
}

void setRow(QTableWidget *t, int row, const QStringList &cells)
{
    for (int c = 0; c < cells.size(); ++c) {
        auto *item = new QTableWidgetItem(cells[c]);
        item->setToolTip(cells[c].left(2000));
        t->setItem(row, c, item);
    }
}

/// The status colour by class, chosen for contrast with the window (light or dark).
QColor statusColor(const QPalette &pal, int status)
{
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    if (status >= 200 && status < 300)
        return dark ? QColor(0x6c, 0xcf, 0x8a) : QColor(0x1e, 0x7b, 0x3a);
    if (status >= 300 && status < 400)
        return dark ? QColor(0x7a, 0xb8, 0xf0) : QColor(0x1f, 0x5f, 0xaa);
    if (status >= 400 && status < 500)
        return dark ? QColor(0xf0, 0xb0, 0x50) : QColor(0xa8, 0x5a, 0x00);
    return dark ? QColor(0xff, 0x80, 0x80) : QColor(0xb0, 0x20, 0x20);
}

} // namespace

QString statusWithReason(int status)
{
    const QString reason = httpReason(status);
    return reason.isEmpty() ? QString::number(status)
                            : QStringLiteral("%1 %2").arg(status).arg(reason);
}

QString formatBytes(qint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KB").arg(double(bytes) / 1024, 0, 'f', 1);
    return QStringLiteral("%1 MB").arg(double(bytes) / (1024 * 1024), 0, 'f', 1);
}

ResponseView::ResponseView(QWidget *parent)
    : QWidget(parent)
    , m_status(new QLabel(this))
    , m_details(new QLabel(this))
    , m_storage(new QLabel(this))
    , m_save(new QToolButton(this))
    , m_tabs(new QTabWidget(this))
    , m_body(new BodyViewer(this))
    , m_headers(makeTable({tr("Name"), tr("Value")}, this))
    , m_cookies(makeTable({tr("Name"), tr("Value"), tr("Domain"), tr("Path"), tr("Expires"),
                           tr("HttpOnly"), tr("Secure"), tr("SameSite")},
                          this))
    , m_timing(new TimingView(this))
    , m_tests(makeTable({tr("Result"), tr("Test"), tr("Message")}, this))
    , m_trace(new common::TraceWaterfall(this))
{
    QFont bold = m_status->font();
    bold.setBold(true);
    m_status->setFont(bold);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_storage->setForegroundRole(QPalette::PlaceholderText);
    m_save->setText(tr("Save body…"));
    m_save->setAutoRaise(true);
    connect(m_save, &QToolButton::clicked, this, &ResponseView::chooseSavePath);

    auto *statusLine = new QHBoxLayout;
    statusLine->setContentsMargins(4, 2, 4, 2);
    statusLine->setSpacing(10); // "200 OK" and "HTTP/1.1 · 0.4 ms" read as two parts
    statusLine->addWidget(m_status);
    statusLine->addWidget(m_details, 1);
    statusLine->addWidget(m_storage);
    statusLine->addWidget(m_save);

    auto *headersPage = new QWidget(this);
    auto *hl = new QVBoxLayout(headersPage);
    hl->setContentsMargins(0, 0, 0, 0);
    auto *copy = new QToolButton(headersPage);
    copy->setText(tr("Copy all headers"));
    copy->setAutoRaise(true);
    connect(copy, &QToolButton::clicked, this, &ResponseView::copyHeaders);
    hl->addWidget(copy, 0, Qt::AlignLeft);
    hl->addWidget(m_headers);

    m_tabs->addTab(m_body, tr("Body"));
    m_tabs->addTab(headersPage, tr("Headers"));
    m_tabs->addTab(m_cookies, tr("Cookies"));
    m_tabs->addTab(m_timing, tr("Timing"));
    m_tabs->addTab(m_tests, tr("Tests"));
    m_tabs->addTab(m_trace, tr("Server trace"));
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *key = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)), this);
        key->setContext(Qt::WidgetWithChildrenShortcut);
        connect(key, &QShortcut::activated, this, [this, i] { m_tabs->setCurrentIndex(i); });
    }

    // Ctrl+F searches the body from whichever tab has the focus.
    auto *findKey = new QShortcut(QKeySequence::Find, this);
    findKey->setContext(Qt::WidgetWithChildrenShortcut);
    connect(findKey, &QShortcut::activated, this, [this] {
        m_tabs->setCurrentIndex(BodyTab);
        m_body->showFind();
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(statusLine);
    layout->addWidget(m_tabs, 1);
    clear();
}

void ResponseView::clear()
{
    m_response = {};
    m_status->setText(tr("No response yet"));
    m_status->setStyleSheet(QString());
    m_details->clear();
    m_storage->clear();
    m_save->setEnabled(false);
    m_body->clear();
    m_body->textView()->setPlaceholderText(
        tr("Enter a URL and press Send (Ctrl+Enter) to see the response here."));
    m_headers->setRowCount(0);
    m_cookies->setRowCount(0);
    m_timing->clear();
    setTests({});
    m_trace->clear();
    m_tabs->setTabText(HeadersTab, tr("Headers"));
    m_tabs->setTabText(CookiesTab, tr("Cookies"));
}

void ResponseView::showRunning()
{
    clear();
    m_status->setText(tr("Sending…"));
    m_body->textView()->setPlaceholderText(tr("Waiting for the response…"));
    m_trace->setUnavailable(tr("Waiting for the response."));
}

void ResponseView::setResponse(const client::HttpResponse &response)
{
    clear();
    m_response = response;
    // Seen only when no body is shown below (no response, or an empty one).
    m_body->textView()->setPlaceholderText(response.status == 0 ? tr("No response body.")
                                                                : tr("The response has no body."));
    QPalette pal = m_status->palette();
    if (response.status == 0) {
        m_status->setText(response.cancelled ? tr("Cancelled") : tr("No response"));
        pal.setColor(QPalette::WindowText, statusColor(palette(), 599));
        m_details->setText(response.error);
    } else {
        m_status->setText(statusWithReason(response.status));
        pal.setColor(QPalette::WindowText, statusColor(palette(), response.status));
        QStringList parts;
        parts << QStringLiteral("HTTP/%1").arg(QString::fromLatin1(response.httpVersion));
        if (response.timings.totalUs >= 0)
            parts << QStringLiteral("%1 ms").arg(double(response.timings.totalUs) / 1000, 0, 'f',
                                                 1);
        parts << formatBytes(response.bodySize);
        if (!response.ok())
            parts << response.error;
        m_details->setText(parts.join(QStringLiteral(" · ")));
    }
    m_status->setPalette(pal);

    // The body: mapped from its file when libcurl spilled it there, else the bytes.
    BodySourcePtr source;
    if (response.bodyFile) {
        QString error;
        source = BodySource::fromFile(response.bodyFilePath(), &error, response.bodyFile);
        if (!source)
            m_storage->setText(error);
        else
            m_storage->setText(tr("Saved to a temporary file"));
        m_storage->setToolTip(response.bodyFilePath());
    } else {
        source = BodySource::fromBytes(response.body);
    }
    if (source) {
        m_body->setBody(source, response.header("Content-Type"));
        m_save->setEnabled(source->size() > 0);
    }

    m_headers->setRowCount(int(response.headers.size()));
    for (int i = 0; i < response.headers.size(); ++i)
        setRow(m_headers, i,
               {QString::fromLatin1(response.headers[i].first),
                QString::fromUtf8(response.headers[i].second)});
    m_headers->resizeColumnToContents(0);
    m_tabs->setTabText(HeadersTab, tr("Headers (%1)").arg(response.headers.size()));

    const QList<CookieRow> cookies = parseSetCookies(response.cookiesSet);
    m_cookies->setRowCount(int(cookies.size()));
    for (int i = 0; i < cookies.size(); ++i) {
        const CookieRow &c = cookies[i];
        if (!c.error.isEmpty()) {
            setRow(m_cookies, i, {tr("(invalid)"), c.error});
            continue;
        }
        setRow(m_cookies, i,
               {c.name, c.value, c.domain, c.path, c.expires, c.httpOnly ? tr("yes") : QString(),
                c.secure ? tr("yes") : QString(), c.sameSite});
    }
    m_tabs->setTabText(CookiesTab,
                       cookies.isEmpty() ? tr("Cookies") : tr("Cookies (%1)").arg(cookies.size()));
    m_timing->setResponse(response);
    m_trace->setUnavailable(tr("No server trace for this response (yet)."));
}

void ResponseView::setTests(const QList<TestRow> &tests)
{
    m_tests->setRowCount(int(tests.size()));
    int passed = 0;
    for (int i = 0; i < tests.size(); ++i) {
        const TestRow &t = tests[i];
        passed += t.passed ? 1 : 0;
        setRow(m_tests, i, {t.passed ? tr("Pass") : tr("Fail"), t.name, t.message});
        m_tests->item(i, 0)->setForeground(statusColor(palette(), t.passed ? 200 : 500));
    }
    m_tests->resizeColumnToContents(0);
    m_tests->resizeColumnToContents(1);
    m_tabs->setTabText(TestsTab, tests.isEmpty()
                                     ? tr("Tests")
                                     : tr("Tests (%1/%2)").arg(passed).arg(tests.size()));
}

void ResponseView::setServerTrace(const QByteArray &traceJson)
{
    m_trace->setTrace(traceJson);
}

void ResponseView::setServerTraceUnavailable(const QString &why)
{
    m_trace->setUnavailable(why);
}

QString ResponseView::statusText() const
{
    return m_details->text().isEmpty()
               ? m_status->text()
               : m_status->text() + QStringLiteral(" · ") + m_details->text();
}

QString ResponseView::storageText() const
{
    return m_storage->text();
}

void ResponseView::chooseSavePath()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save response body"));
    if (!path.isEmpty())
        saveBodyTo(path);
}

void ResponseView::saveBodyTo(const QString &path)
{
    const BodySourcePtr src = m_body->source();
    if (!src) {
        emit bodySaved(path, tr("There is no body to save."));
        return;
    }
    m_save->setEnabled(false);
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        m_save->setEnabled(true);
        emit bodySaved(path, watcher->result());
    });
    // Written in 4 MB slices so a 100 MB body never needs a second copy in memory.
    watcher->setFuture(runBodyTask([src, path]() -> QString {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return file.errorString();
        constexpr qint64 kSlice = 4 * 1024 * 1024;
        for (qint64 at = 0; at < src->size(); at += kSlice) {
            const QByteArrayView part = src->view(at, kSlice);
            if (file.write(part.data(), part.size()) != part.size())
                return file.errorString();
        }
        return file.commit() ? QString() : file.errorString();
    }));
}

void ResponseView::copyHeaders()
{
    QStringList lines;
    for (const auto &[name, value] : m_response.headers)
        lines << QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromUtf8(value);
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
}

} // namespace bb::plugins::endpoints
