// The Logs panel, offscreen: tailing a real engine on port 0, pause/resume, chips, queries with
// highlights and errors, a JSON-lines file that grows and is truncated, details with the trace
// waterfall, the showLogs/showTrace actions, export, and the ring bound.
#include "engine/engine_controller.h"
#include "level_chips.h"
#include "log_details.h"
#include "log_row_delegate.h"
#include "logs_actions.h"
#include "logs_widget.h"
#include "logview/engine_log_source.h"
#include "logview/log_table_model.h"
#include "query_edit.h"
#include "shell/shell_context.h"
#include "trace_waterfall.h"
#include "volume_chart.h"

#include <QApplication>
#include <QDateTime>
#include <QFile>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabBar>
#include <QTableView>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace bb;
using namespace bb::plugins::logs;
using logview::LogTableModel;
using logview::Severity;
using State = engine::EngineController::State;

namespace {

QString msgAt(const LogTableModel *m, int row)
{
    const std::string_view s = m->lineAt(row).msg();
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QString fieldAt(const LogTableModel *m, int row, const QString &field)
{
    return m->fieldText(m->lineAt(row), field);
}

int rowWithPath(const LogTableModel *m, const QString &path)
{
    for (int r = m->rowCount() - 1; r >= 0; --r) {
        if (fieldAt(m, r, QStringLiteral("path")) == path)
            return r;
    }
    return -1;
}

void append(const QString &path, const QByteArray &data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::Append));
    f.write(data);
}

} // namespace

class TestLogsPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void tailsTheEngine();
    void pauseBuffersAndResumes();
    void remoteBackbenchWithToken();
    void engineRestartResumesWithoutDuplicates();
    void detailsAndTraceWaterfall();
    void showLogsFetchesOlderEngineLines();
    void chipsFilterAndCount();
    void queryFiltersAndHighlights();
    void badQueryShowsItsPosition();
    void tailsAGrowingFileThroughTruncation();
    void fileTraceSaysThereIsNoTraceApi();
    void showLogsActionSetsTheRange();
    void histogramBarZooms();
    void exportsCsvAndJsonLines();
    void ringBoundIsRespected();
    void stateSurvivesRestart();

private:
    LogsWidget *fileWidget(const QString &path);
    void request(const QString &path);

    QTemporaryDir m_dir;
    std::unique_ptr<engine::EngineController> m_engine;
    QNetworkAccessManager m_net;
    std::unique_ptr<LogsWidget> m_widget;
};

void TestLogsPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("BackbenchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_logspanel"));
    QSettings().clear();
    m_engine = std::make_unique<engine::EngineController>();
    engine::EngineConfig c;
    c.bindAddress = QStringLiteral("127.0.0.1");
    c.port = 0;
    c.threads = 2;
    c.demo = true;
    c.localAdmin = true;
    c.generateFirstAdmin = false;
    c.dataDir = m_dir.filePath(QStringLiteral("engine"));
    m_engine->setConfig(c);
    m_engine->start();
    QVERIFY(m_engine->waitForSettled(60000));
    QCOMPARE(m_engine->state(), State::Running);
}

void TestLogsPanel::init()
{
    m_widget.reset();
    QSettings().clear();
}

void TestLogsPanel::cleanupTestCase()
{
    m_widget.reset();
    m_engine.reset();
}

void TestLogsPanel::request(const QString &path)
{
    QNetworkRequest req(QUrl(m_engine->baseUrl().toString() + path));
    req.setRawHeader("Authorization", "Bearer " + m_engine->localAdminToken().toLatin1());
    QNetworkReply *reply = m_net.get(req);
    QSignalSpy done(reply, &QNetworkReply::finished);
    QVERIFY(done.wait(10000));
    reply->deleteLater();
}

LogsWidget *TestLogsPanel::fileWidget(const QString &path)
{
    m_widget = std::make_unique<LogsWidget>(nullptr, shell::PluginSettings(QStringLiteral("logs")));
    m_widget->resize(1300, 800);
    m_widget->show();
    m_widget->useFileSource(path);
    return m_widget.get();
}

void TestLogsPanel::tailsTheEngine()
{
    m_widget =
        std::make_unique<LogsWidget>(m_engine.get(), shell::PluginSettings(QStringLiteral("logs")));
    m_widget->resize(1300, 800);
    m_widget->show();
    QCOMPARE(m_widget->sourceKind(), LogsWidget::SourceKind::Engine);
    QTRY_VERIFY_WITH_TIMEOUT(m_widget->source()->state() == logview::LogSource::State::Live, 15000);
    const QString path = QStringLiteral("/api/v1/posts/1");
    request(path);
    // The access-log line of that request appears, live, at the bottom.
    QTRY_VERIFY_WITH_TIMEOUT(rowWithPath(m_widget->model(), path) >= 0, 15000);
    const int row = rowWithPath(m_widget->model(), path);
    QCOMPARE(fieldAt(m_widget->model(), row, QStringLiteral("method")), QStringLiteral("GET"));
    QCOMPARE(fieldAt(m_widget->model(), row, QStringLiteral("status")), QStringLiteral("200"));
    QVERIFY(!m_widget->model()->lineAt(row).traceId().empty());
    QVERIFY(m_widget->isFollowing());
    // Live through the SSE stream, not the polling fallback.
    auto *engineSource = qobject_cast<logview::EngineLogSource *>(m_widget->source());
    QVERIFY(engineSource);
    QVERIFY(!engineSource->isPolling());
    QVERIFY(engineSource->lastSeq() > 0);
    // A 404 is a warn line.
    request(QStringLiteral("/api/v1/nosuchtable"));
    QTRY_VERIFY_WITH_TIMEOUT(
        rowWithPath(m_widget->model(), QStringLiteral("/api/v1/nosuchtable")) >= 0, 15000);
    const int warn = rowWithPath(m_widget->model(), QStringLiteral("/api/v1/nosuchtable"));
    QCOMPARE(m_widget->model()->lineAt(warn).level, Severity::Warn);
    // No line twice: seqs strictly increase.
    quint64 last = 0;
    for (int r = 0; r < m_widget->model()->rowCount(); ++r) {
        const quint64 seq = m_widget->model()->lineAt(r).seq;
        QVERIFY2(seq > last,
                 qPrintable(QStringLiteral("row %1 seq %2 after %3").arg(r).arg(seq).arg(last)));
        last = seq;
    }
}

void TestLogsPanel::pauseBuffersAndResumes()
{
    m_widget =
        std::make_unique<LogsWidget>(m_engine.get(), shell::PluginSettings(QStringLiteral("logs")));
    m_widget->show();
    QTRY_VERIFY_WITH_TIMEOUT(m_widget->source()->state() == logview::LogSource::State::Live, 15000);
    request(QStringLiteral("/api/v1/posts/2"));
    QTRY_VERIFY_WITH_TIMEOUT(rowWithPath(m_widget->model(), QStringLiteral("/api/v1/posts/2")) >= 0,
                             15000);
    QTest::mouseClick(m_widget->pauseButton(), Qt::LeftButton);
    QVERIFY(m_widget->model()->isPaused());
    QCOMPARE(m_widget->pauseButton()->text(), QStringLiteral("Resume"));
    const int rows = m_widget->model()->rowCount();
    request(QStringLiteral("/api/v1/posts/3"));
    QTRY_VERIFY_WITH_TIMEOUT(m_widget->model()->pendingCount() > 0, 15000);
    QTRY_VERIFY(m_widget->newLinesLabel()->isVisible());
    QVERIFY(m_widget->newLinesLabel()->text().endsWith(QLatin1String(" new")));
    QCOMPARE(m_widget->model()->rowCount(), rows);
    QCOMPARE(rowWithPath(m_widget->model(), QStringLiteral("/api/v1/posts/3")), -1);
    QTest::mouseClick(m_widget->pauseButton(), Qt::LeftButton);
    QVERIFY(!m_widget->model()->isPaused());
    QVERIFY(rowWithPath(m_widget->model(), QStringLiteral("/api/v1/posts/3")) >= 0);
    QVERIFY(!m_widget->newLinesLabel()->isVisible());
}

void TestLogsPanel::remoteBackbenchWithToken()
{
    m_widget = std::make_unique<LogsWidget>(nullptr, shell::PluginSettings(QStringLiteral("logs")));
    m_widget->show();
    // A wrong token: the engine refuses, and the status line says why.
    m_widget->useRemoteSource(m_engine->baseUrl(), QStringLiteral("not-a-token"), false);
    QTRY_VERIFY_WITH_TIMEOUT(m_widget->source()->state() == logview::LogSource::State::Error,
                             15000);
    QVERIFY(m_widget->sourceStatusLabel()->text().contains(QLatin1String("HTTP 401")));
    // The right one: the same engine, as a remote Backbench.
    m_widget->useRemoteSource(m_engine->baseUrl(), m_engine->localAdminToken());
    QCOMPARE(m_widget->sourceKind(), LogsWidget::SourceKind::Remote);
    QTRY_VERIFY_WITH_TIMEOUT(m_widget->source()->state() == logview::LogSource::State::Live, 15000);
    request(QStringLiteral("/api/v1/posts/5"));
    QTRY_VERIFY_WITH_TIMEOUT(rowWithPath(m_widget->model(), QStringLiteral("/api/v1/posts/5")) >= 0,
                             15000);
    QCOMPARE(m_widget->source()->traceApiBase(), m_engine->baseUrl());
    QCOMPARE(QSettings().value(QStringLiteral("plugins/logs/source/remoteUrl")).toString(),
             m_engine->baseUrl().toString());
}

void TestLogsPanel::engineRestartResumesWithoutDuplicates()
{
    // An engine of its own on a fixed port, so the address survives the restart.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    engine::EngineController engine;
    engine::EngineConfig c = m_engine->config();
    c.port = port;
    c.dataDir = m_dir.filePath(QStringLiteral("engine-restart"));
    engine.setConfig(c);
    engine.start();
    QVERIFY(engine.waitForSettled(60000));
    QCOMPARE(engine.state(), State::Running);
    m_widget = std::make_unique<LogsWidget>(&engine, shell::PluginSettings(QStringLiteral("logs")));
    m_widget->show();
    QTRY_VERIFY_WITH_TIMEOUT(m_widget->source() &&
                                 m_widget->source()->state() == logview::LogSource::State::Live,
                             15000);
    auto get = [&](const QString &path) {
        QNetworkRequest req(QUrl(engine.baseUrl().toString() + path));
        QNetworkReply *reply = m_net.get(req);
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(10000));
        reply->deleteLater();
    };
    get(QStringLiteral("/api/v1/posts/6"));
    QTRY_VERIFY_WITH_TIMEOUT(rowWithPath(m_widget->model(), QStringLiteral("/api/v1/posts/6")) >= 0,
                             15000);
    engine.restart();
    QTRY_VERIFY_WITH_TIMEOUT(engine.state() == State::Running, 60000);
    QCOMPARE(engine.baseUrl().port(), int(port));
    get(QStringLiteral("/api/v1/posts/7"));
    // The lines from before the restart stay, the new ones follow, none twice.
    QTRY_VERIFY_WITH_TIMEOUT(rowWithPath(m_widget->model(), QStringLiteral("/api/v1/posts/7")) >= 0,
                             30000);
    QVERIFY(rowWithPath(m_widget->model(), QStringLiteral("/api/v1/posts/6")) >= 0);
    quint64 last = 0;
    for (int r = 0; r < m_widget->model()->rowCount(); ++r) {
        const quint64 seq = m_widget->model()->lineAt(r).seq;
        QVERIFY2(seq > last,
                 qPrintable(QStringLiteral("row %1: seq %2 after %3").arg(r).arg(seq).arg(last)));
        last = seq;
    }
    m_widget.reset();
}

void TestLogsPanel::detailsAndTraceWaterfall()
{
    m_widget =
        std::make_unique<LogsWidget>(m_engine.get(), shell::PluginSettings(QStringLiteral("logs")));
    m_widget->resize(1300, 800);
    m_widget->show();
    QTRY_VERIFY_WITH_TIMEOUT(m_widget->source()->state() == logview::LogSource::State::Live, 15000);
    request(QStringLiteral("/api/v1/posts/4"));
    QTRY_VERIFY_WITH_TIMEOUT(rowWithPath(m_widget->model(), QStringLiteral("/api/v1/posts/4")) >= 0,
                             15000);
    const int row = rowWithPath(m_widget->model(), QStringLiteral("/api/v1/posts/4"));
    m_widget->view()->selectRow(row);
    LogDetails *details = m_widget->details();
    // Every field, and the JSON.
    bool sawPath = false;
    for (int r = 0; r < details->fieldsTable()->rowCount(); ++r)
        sawPath |= details->fieldsTable()->item(r, 0)->text() == QLatin1String("path") &&
                   details->fieldsTable()->item(r, 1)->text() == QLatin1String("/api/v1/posts/4");
    QVERIFY(sawPath);
    QVERIFY(details->jsonText().contains(QLatin1String("\"path\": \"/api/v1/posts/4\"")));
    QVERIFY(details->tabs()->isTabEnabled(LogDetails::TraceTab));
    details->tabs()->setCurrentIndex(LogDetails::TraceTab);
    QTRY_VERIFY_WITH_TIMEOUT(details->waterfall()->isShowingTrace(), 15000);
    const QString traceId =
        QString::fromStdString(std::string(m_widget->model()->lineAt(row).traceId()));
    QCOMPARE(details->waterfall()->model()->trace().traceId, traceId);
    QVERIFY(details->waterfall()->model()->rowCount() >= 1);
    // Selecting its SQL span shows that span's detail.
    const auto &spans = details->waterfall()->model()->trace().spans;
    int sql = -1;
    for (int i = 0; i < spans.size() && sql < 0; ++i)
        sql = spans[i].name == QLatin1String("sql") ? i : -1;
    QVERIFY(sql >= 0);
    details->waterfall()->selectSpan(sql);
    QVERIFY2(details->waterfall()->detailText().startsWith(QLatin1String("sql")),
             qPrintable(details->waterfall()->detailText()));
    // showTrace opens any trace by id.
    m_widget->showTrace(QStringLiteral("00000000000000000000000000000000"));
    QTRY_VERIFY_WITH_TIMEOUT(!details->waterfall()->isShowingTrace(), 15000);
    QTRY_VERIFY(details->waterfall()->message().contains(QLatin1String("no longer holds")));
}

void TestLogsPanel::showLogsFetchesOlderEngineLines()
{
    m_widget =
        std::make_unique<LogsWidget>(m_engine.get(), shell::PluginSettings(QStringLiteral("logs")));
    m_widget->show();
    QTRY_VERIFY_WITH_TIMEOUT(m_widget->source()->state() == logview::LogSource::State::Live, 15000);
    const qint64 start = QDateTime::currentMSecsSinceEpoch() - 1000;
    request(QStringLiteral("/api/v1/posts/8"));
    QTRY_VERIFY_WITH_TIMEOUT(rowWithPath(m_widget->model(), QStringLiteral("/api/v1/posts/8")) >= 0,
                             15000);
    // The panel forgets it; the engine still has it.
    m_widget->clearLines();
    request(QStringLiteral("/api/v1/posts/9"));
    QTRY_VERIFY_WITH_TIMEOUT(rowWithPath(m_widget->model(), QStringLiteral("/api/v1/posts/9")) >= 0,
                             15000);
    QCOMPARE(rowWithPath(m_widget->model(), QStringLiteral("/api/v1/posts/8")), -1);
    m_widget->showLogs({{QStringLiteral("from"), start},
                        {QStringLiteral("to"), QDateTime::currentMSecsSinceEpoch() + 60000},
                        {QStringLiteral("query"), QStringLiteral("path~'/api/v1/posts/'")}});
    QTRY_VERIFY_WITH_TIMEOUT(rowWithPath(m_widget->model(), QStringLiteral("/api/v1/posts/8")) >= 0,
                             15000);
    QVERIFY(rowWithPath(m_widget->model(), QStringLiteral("/api/v1/posts/8")) <
            rowWithPath(m_widget->model(), QStringLiteral("/api/v1/posts/9")));
    QVERIFY(m_widget->statusLabel()->text().startsWith(QLatin1String("Fetched")));
    // Nothing twice.
    QTRY_VERIFY(!m_widget->model()->isRefiltering());
    quint64 last = 0;
    for (int r = 0; r < m_widget->model()->rowCount(); ++r) {
        QVERIFY(m_widget->model()->lineAt(r).seq > last);
        last = m_widget->model()->lineAt(r).seq;
    }
}

void TestLogsPanel::chipsFilterAndCount()
{
    const QString path = m_dir.filePath(QStringLiteral("chips.log"));
    QByteArray data;
    for (int i = 0; i < 30; ++i)
        data += QStringLiteral("{\"level\":\"%1\",\"msg\":\"m%2\"}\n")
                    .arg(i % 3 == 0   ? "error"
                         : i % 3 == 1 ? "warn"
                                      : "info")
                    .arg(i)
                    .toUtf8();
    append(path, data);
    LogsWidget *w = fileWidget(path);
    QTRY_COMPARE(w->model()->rowCount(), 30);
    QTRY_VERIFY(w->chips()->chip(Severity::Error)->text().endsWith(QLatin1String(" 10")));
    QVERIFY(w->chips()->chip(Severity::Debug)->text().endsWith(QLatin1String(" 0")));
    QTest::mouseClick(w->chips()->chip(Severity::Info), Qt::LeftButton);
    QTRY_COMPARE(w->model()->rowCount(), 20);
    for (int r = 0; r < w->model()->rowCount(); ++r)
        QVERIFY(w->model()->lineAt(r).level != Severity::Info);
    // A selected line that still shows stays selected through the filter change.
    w->view()->selectRow(4); // an error line
    QCOMPARE(w->model()->lineAt(4).level, Severity::Error);
    const QString selected = msgAt(w->model(), 4);
    QTest::mouseClick(w->chips()->chip(Severity::Warn), Qt::LeftButton);
    QTRY_COMPARE(w->model()->rowCount(), 10);
    QVERIFY(w->view()->currentIndex().isValid());
    QCOMPARE(msgAt(w->model(), w->view()->currentIndex().row()), selected);
    QVERIFY(w->details()->jsonText().contains(selected));
    QTest::mouseClick(w->chips()->chip(Severity::Warn), Qt::LeftButton);
    QTRY_COMPARE(w->model()->rowCount(), 20);
    // The chip still counts what it hides.
    QVERIFY(w->chips()->chip(Severity::Info)->text().endsWith(QLatin1String(" 10")));
    QTest::mouseClick(w->chips()->chip(Severity::Info), Qt::LeftButton);
    QTRY_COMPARE(w->model()->rowCount(), 30);
}

void TestLogsPanel::queryFiltersAndHighlights()
{
    const QString path = m_dir.filePath(QStringLiteral("query.log"));
    append(path, "{\"msg\":\"GET /posts/1\",\"status\":200}\n"
                 "{\"msg\":\"GET /posts/2\",\"status\":503}\n"
                 "{\"msg\":\"GET /users/2\",\"status\":500}\n");
    LogsWidget *w = fileWidget(path);
    QTRY_COMPARE(w->model()->rowCount(), 3);
    w->queryEdit()->setText(QStringLiteral("status>=500 && msg~'/POSTS'"));
    QTest::keyClick(w->queryEdit(), Qt::Key_Return);
    QTRY_COMPARE(w->model()->rowCount(), 1);
    QCOMPARE(msgAt(w->model(), 0), QStringLiteral("GET /posts/2"));
    QCOMPARE(w->delegate()->terms(), QStringList{QStringLiteral("/POSTS")});
    const auto marks = LogRowDelegate::matches(
        w->model()->data(w->model()->index(0, LogTableModel::MessageColumn)).toString(),
        w->delegate()->terms());
    QCOMPARE(marks.size(), 1);
    QCOMPARE(marks.first(), qMakePair(4, 6));
    // Painting the highlighted row does not crash and uses the delegate.
    QVERIFY(!w->view()->grab().isNull());
    // New lines are filtered too.
    append(path, "{\"msg\":\"POST /posts\",\"status\":502}\n{\"msg\":\"x\",\"status\":502}\n");
    QTRY_COMPARE(w->model()->rowCount(), 2);
    // Completion offers discovered fields and, after level, the level literals.
    w->queryEdit()->clear();
    w->queryEdit()->setFocus();
    QTest::keyClicks(w->queryEdit(), QStringLiteral("sta"));
    QVERIFY(w->queryEdit()->completions().contains(QStringLiteral("status")));
    w->queryEdit()->clear();
    QTest::keyClicks(w->queryEdit(), QStringLiteral("level>='w"));
    QCOMPARE(w->queryEdit()->completions(), QStringList{QStringLiteral("'warn'")});
}

void TestLogsPanel::badQueryShowsItsPosition()
{
    const QString path = m_dir.filePath(QStringLiteral("bad.log"));
    append(path, "{\"msg\":\"a\",\"status\":500}\n{\"msg\":\"b\",\"status\":200}\n");
    LogsWidget *w = fileWidget(path);
    QTRY_COMPARE(w->model()->rowCount(), 2);
    w->queryEdit()->setText(QStringLiteral("status=500"));
    QVERIFY(w->applyQuery());
    QTRY_COMPARE(w->model()->rowCount(), 1);
    w->queryEdit()->setText(QStringLiteral("status >= && x"));
    QVERIFY(!w->applyQuery());
    QCOMPARE(w->queryEdit()->errorPosition(), 10);
    QVERIFY(!w->queryEdit()->errorMessage().isEmpty());
    QVERIFY(w->queryEdit()->toolTip().startsWith(QLatin1String("Column 11:")));
    QVERIFY(w->statusLabel()->text().contains(QLatin1String("column 11")));
    QCOMPARE(w->model()->rowCount(), 1);       // the previous query stays
    QVERIFY(!w->queryEdit()->grab().isNull()); // paints the underline
    // Typing clears the mark.
    QTest::keyClick(w->queryEdit(), Qt::Key_Backspace);
    QCOMPARE(w->queryEdit()->errorPosition(), -1);
}

void TestLogsPanel::tailsAGrowingFileThroughTruncation()
{
    const QString path = m_dir.filePath(QStringLiteral("grow.log"));
    append(path, "{\"msg\":\"first\"}\n{\"msg\":\"sec");
    LogsWidget *w = fileWidget(path);
    QTRY_COMPARE(w->model()->rowCount(), 1);
    append(path, "ond\"}\n");
    QTRY_COMPARE(w->model()->rowCount(), 2);
    QCOMPARE(msgAt(w->model(), 1), QStringLiteral("second"));
    // Fields discovered from the lines feed completion.
    append(path, "{\"msg\":\"third\",\"user_agent\":\"curl\"}\n");
    QTRY_COMPARE(w->model()->rowCount(), 3);
    QTRY_VERIFY(w->model()->fields().names().contains(QStringLiteral("user_agent")));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("{\"msg\":\"after truncation\"}\n");
    }
    QTRY_COMPARE(w->model()->rowCount(), 4);
    QCOMPARE(msgAt(w->model(), 3), QStringLiteral("after truncation"));
}

void TestLogsPanel::fileTraceSaysThereIsNoTraceApi()
{
    const QString path = m_dir.filePath(QStringLiteral("trace.log"));
    append(path, "{\"msg\":\"with trace\",\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}\n");
    LogsWidget *w = fileWidget(path);
    QTRY_COMPARE(w->model()->rowCount(), 1);
    w->view()->selectRow(0);
    w->details()->tabs()->setCurrentIndex(LogDetails::TraceTab);
    QVERIFY(!w->details()->waterfall()->isShowingTrace());
    QVERIFY(w->details()->waterfall()->message().contains(QLatin1String("no trace API")));
}

void TestLogsPanel::showLogsActionSetsTheRange()
{
    const QString path = m_dir.filePath(QStringLiteral("range.log"));
    QByteArray data;
    for (int i = 0; i < 100; ++i)
        data += QStringLiteral("{\"ts\":%1,\"msg\":\"n%2\",\"status\":%3}\n")
                    .arg(1'700'000'000'000LL + i * 1000)
                    .arg(i)
                    .arg(i % 2 ? 500 : 200)
                    .toUtf8();
    append(path, data);
    QSettings().setValue(QStringLiteral("plugins/logs/source/kind"), 2);
    QSettings().setValue(QStringLiteral("plugins/logs/source/file"), path);
    // Through the plugin and the shell, as the Metrics panel invokes it.
    shell::ShellContext ctx(nullptr);
    LogsWidget *created = nullptr;
    QStringList shown;
    // What the plugin does: bring the panel to front (the host creates its widget), then act.
    registerLogsActions(ctx, [&]() -> LogsWidget * {
        ctx.showPanel(QStringLiteral("logs"));
        return created;
    });
    connect(&ctx, &shell::ShellContext::panelRequested, this, [&](const QString &id) {
        shown.append(id);
        if (!created)
            created = new LogsWidget(nullptr, ctx.settings(id));
    });
    QVERIFY(ctx.invoke(QStringLiteral("showLogs"),
                       {{QStringLiteral("from"), 1'700'000'010'000LL},
                        {QStringLiteral("to"), 1'700'000'019'999LL},
                        {QStringLiteral("query"), QStringLiteral("status=500")}}));
    QCOMPARE(shown, QStringList{QStringLiteral("logs")});
    LogsWidget *w = created;
    QVERIFY(w);
    std::unique_ptr<QWidget> owner(created);
    QTRY_VERIFY(w->model()->heldLines() == 100 && !w->model()->isRefiltering());
    QCOMPARE(w->model()->rowCount(), 5); // 11, 13, 15, 17, 19
    QCOMPARE(msgAt(w->model(), 0), QStringLiteral("n11"));
    QCOMPARE(w->model()->rangeFromMs(), 1'700'000'010'000LL);
    QCOMPARE(w->queryEdit()->text(), QStringLiteral("status=500"));
    QVERIFY(w->statusLabel()->text().contains(QLatin1String("range")) ||
            w->model()->hasTimeRange());
    w->resetZoom();
    QTRY_COMPARE(w->model()->rowCount(), 50);
    QVERIFY(ctx.invoke(QStringLiteral("showTrace"),
                       {{QStringLiteral("traceId"), QStringLiteral("abc")}}));
    QCOMPARE(w->details()->traceId(), QStringLiteral("abc"));
    QCOMPARE(w->details()->tabs()->currentIndex(), int(LogDetails::TraceTab));
}

void TestLogsPanel::histogramBarZooms()
{
    const QString path = m_dir.filePath(QStringLiteral("bars.log"));
    QByteArray data;
    for (int i = 0; i < 600; ++i)
        data += QStringLiteral("{\"ts\":%1,\"level\":\"%2\",\"msg\":\"b%3\"}\n")
                    .arg(1'700'000'000'000LL + i * 1000)
                    .arg(i % 10 == 0 ? "error" : "info")
                    .arg(i)
                    .toUtf8();
    append(path, data);
    LogsWidget *w = fileWidget(path);
    QTRY_COMPARE(w->model()->rowCount(), 600);
    QTRY_VERIFY(!w->chart()->bars().empty());
    qint64 total = 0;
    for (const auto &b : w->chart()->bars())
        for (auto c : b.counts)
            total += c;
    QCOMPARE(total, 600);
    // A click on a bar (as the chart emits it) zooms the table to its range.
    const auto [from, to] = w->chart()->rangeOfBars(3, 3);
    emit w->chart()->rangeSelected(from, to);
    QTRY_VERIFY(!w->model()->isRefiltering());
    QVERIFY(w->model()->rowCount() > 0 && w->model()->rowCount() < 600);
    for (int r = 0; r < w->model()->rowCount(); ++r) {
        const qint64 ts = w->model()->lineAt(r).tsMs;
        QVERIFY(ts >= from && ts < to);
    }
    // A real mouse drag across the plot selects a range as well.
    w->resetZoom();
    QTRY_COMPARE(w->model()->rowCount(), 600);
    QSignalSpy picked(w->chart(), &VolumeChart::rangeSelected);
    const QRect plot = w->chart()->chart()->plotArea().toRect();
    const QPoint a = w->chart()->mapFromScene(w->chart()->chart()->mapToScene(
        QPointF(plot.left() + plot.width() * 0.2, plot.center().y())));
    const QPoint b = w->chart()->mapFromScene(w->chart()->chart()->mapToScene(
        QPointF(plot.left() + plot.width() * 0.4, plot.center().y())));
    QTest::mousePress(w->chart()->viewport(), Qt::LeftButton, {}, a);
    QTest::mouseRelease(w->chart()->viewport(), Qt::LeftButton, {}, b);
    QCOMPARE(picked.count(), 1);
    QVERIFY(picked.first().at(0).toLongLong() < picked.first().at(1).toLongLong());
}

void TestLogsPanel::exportsCsvAndJsonLines()
{
    const QString path = m_dir.filePath(QStringLiteral("export.log"));
    append(path, "{\"ts\":\"2026-01-02T03:04:05.006Z\",\"level\":\"warn\",\"msg\":\"a, "
                 "\\\"b\\\"\",\"code\":7}\n"
                 "{\"ts\":\"2026-01-02T03:04:06Z\",\"level\":\"info\",\"msg\":\"c\"}\n");
    LogsWidget *w = fileWidget(path);
    QTRY_COMPARE(w->model()->rowCount(), 2);
    w->queryEdit()->setText(QStringLiteral("level>='warn'"));
    QVERIFY(w->applyQuery());
    QTRY_COMPARE(w->model()->rowCount(), 1);
    const QString csv = m_dir.filePath(QStringLiteral("out.csv"));
    QString error;
    QSignalSpy done(w->exporter(), &logview::LogExporter::finished);
    QVERIFY(w->exportTo(csv, logview::ExportFormat::Csv, &error));
    QVERIFY(done.wait(5000));
    QFile c(csv);
    QVERIFY(c.open(QIODevice::ReadOnly));
    QCOMPARE(c.readAll(), QByteArray("ts,level,msg,traceId,code\r\n"
                                     "2026-01-02T03:04:05.006Z,warn,\"a, \"\"b\"\"\",,7\r\n"));
    const QString jsonl = m_dir.filePath(QStringLiteral("out.jsonl"));
    QVERIFY(w->exportTo(jsonl, logview::ExportFormat::JsonLines, &error));
    QVERIFY(done.wait(5000));
    QFile j(jsonl);
    QVERIFY(j.open(QIODevice::ReadOnly));
    QCOMPARE(j.readAll(), QByteArray("{\"ts\":\"2026-01-02T03:04:05.006Z\",\"level\":\"warn\","
                                     "\"msg\":\"a, \\\"b\\\"\",\"code\":7}\n"));
}

void TestLogsPanel::ringBoundIsRespected()
{
    const QString path = m_dir.filePath(QStringLiteral("ring.log"));
    QSettings().setValue(QStringLiteral("plugins/logs/capacity"), 1000);
    QByteArray data;
    for (int i = 0; i < 5000; ++i)
        data += QStringLiteral("{\"msg\":\"r%1\"}\n").arg(i).toUtf8();
    append(path, data);
    LogsWidget *w = fileWidget(path);
    QCOMPARE(w->model()->capacity(), std::size_t(1000));
    QTRY_VERIFY(w->model()->rowCount() > 0 &&
                msgAt(w->model(), w->model()->rowCount() - 1) == QLatin1String("r4999"));
    QVERIFY(w->model()->heldLines() <= 1000);
    QVERIFY(w->model()->rowCount() <= 1000);
    QVERIFY(msgAt(w->model(), 0).mid(1).toInt() >= 4000);
}

void TestLogsPanel::stateSurvivesRestart()
{
    const QString path = m_dir.filePath(QStringLiteral("state.log"));
    append(path,
           "{\"msg\":\"a\",\"status\":500,\"level\":\"error\"}\n{\"msg\":\"b\",\"status\":200}\n");
    {
        LogsWidget *w = fileWidget(path);
        QTRY_COMPARE(w->model()->rowCount(), 2);
        w->queryEdit()->setText(QStringLiteral("status>=200"));
        QVERIFY(w->applyQuery());
        QTest::mouseClick(w->chips()->chip(Severity::Error), Qt::LeftButton);
        w->model()->setExtraColumns({QStringLiteral("status")});
        w->view()->setColumnWidth(LogTableModel::MessageColumn, 321);
        m_widget.reset(); // saves
    }
    m_widget = std::make_unique<LogsWidget>(nullptr, shell::PluginSettings(QStringLiteral("logs")));
    LogsWidget *w = m_widget.get();
    QCOMPARE(w->sourceKind(), LogsWidget::SourceKind::File);
    QCOMPARE(w->source()->describe(), path);
    QCOMPARE(w->queryEdit()->text(), QStringLiteral("status>=200"));
    QVERIFY(!w->chips()->isLevelOn(Severity::Error));
    QCOMPARE(w->model()->extraColumns(), QStringList{QStringLiteral("status")});
    QCOMPARE(w->view()->columnWidth(LogTableModel::MessageColumn), 321);
    QTRY_COMPARE(w->model()->rowCount(), 1);
    QCOMPARE(msgAt(w->model(), 0), QStringLiteral("b"));
}

QTEST_MAIN(TestLogsPanel)
#include "tst_logspanel.moc"
