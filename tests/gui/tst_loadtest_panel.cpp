// The Load Test panel offscreen: the "loadTestRequest" action fills the form, a short closed run
// against a real engine on 127.0.0.1 draws the live charts (and the engine's own view) and ends
// with a summary and a history entry, Stop stops, a bad threshold blocks Start with its error,
// the history and the form survive a restart, two runs compare with deltas, reports export.
#include "compare_view.h"
#include "engine/engine_controller.h"
#include "engine_fixture.h"
#include "histogram_chart.h"
#include "live_charts.h"
#include "loadtest/secrets.h"
#include "loadtest_panel.h"
#include "loadtest_widget.h"
#include "rule_list.h"
#include "run_history.h"
#include "scenario_form.h"
#include "shell/shell_context.h"
#include "shell/theme.h"
#include "stage_editor.h"
#include "summary_view.h"
#include "time_chart.h"
#include "tst_loadtest_support.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace bb::plugins::loadtest;
using State = bb::engine::EngineController::State;

class TestLoadTestPanel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_config;
    QTemporaryDir m_runs;
    bbtest::EngineFixture m_fixture;
    std::unique_ptr<bb::engine::EngineController> m_engine;

    std::unique_ptr<LoadTestWidget> makeWidget(bool withEngine = true)
    {
        auto w =
            std::make_unique<LoadTestWidget>(withEngine ? m_engine.get() : nullptr,
                                             bb::shell::PluginSettings("loadtest"), m_runs.path());
        w->resize(1400, 900);
        w->show();
        return w;
    }

    /// A request to the embedded engine as the tester would hand it over (with the GUI's token).
    QVariantMap engineRequest(const QString &path) const
    {
        return {
            {"method", "GET"},
            {"url", engineUrl(path)},
            {"headers", QVariantMap{{"Authorization", "Bearer " + m_engine->localAdminToken()}}}};
    }

    QString engineUrl(const QString &path) const
    {
        QUrl url = m_engine->baseUrl();
        url.setPath(path);
        return url.toString();
    }

private slots:
    void initTestCase()
    {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_config.path());
        QCoreApplication::setOrganizationName("BackbenchTest");
        QCoreApplication::setApplicationName("tst_loadtest_panel");
        QSettings().clear();
        m_engine = std::make_unique<bb::engine::EngineController>();
        m_engine->setConfig(m_fixture.config());
        m_engine->start();
        QVERIFY(m_engine->waitForSettled(30'000));
        QCOMPARE(m_engine->state(), State::Running);
    }

    void cleanupTestCase() { m_engine.reset(); }

    void actionFillsTheFormAndShowsThePanel()
    {
        QTemporaryDir runs;
        bb::shell::ShellContext ctx(nullptr);
        LoadTestPanel panel(runs.path());
        registerLoadTestActions(ctx, panel);
        QVERIFY(ctx.hasAction("loadTestRequest"));
        QSignalSpy shown(&ctx, &bb::shell::ShellContext::panelRequested);

        // Before the panel exists the request waits; it is applied when the panel is created.
        const QVariantList headers{
            QVariantMap{{"name", "Accept"}, {"value", "application/json"}, {"enabled", true}},
            QVariantMap{{"name", "X-Off"}, {"value", "1"}, {"enabled", false}}};
        QVERIFY(ctx.invoke("loadTestRequest", {{"method", "post"},
                                               {"url", "http://127.0.0.1:9/api/{{ver}}/posts"},
                                               {"name", "Create post"},
                                               {"headers", headers},
                                               {"body", "{\"title\":\"x\"}"},
                                               {"contentType", "application/json"}}));
        QCOMPARE(shown.count(), 1);
        QCOMPARE(shown.at(0).at(0).toString(), "loadtest");
        std::unique_ptr<QWidget> widget(panel.createWidget(ctx));
        auto *w = qobject_cast<LoadTestWidget *>(widget.get());
        QVERIFY(w);
        ScenarioForm *f = w->form();
        QCOMPARE(f->methodBox()->currentText(), "POST");
        QCOMPARE(f->urlEdit()->text(), "http://127.0.0.1:9/api/{{ver}}/posts"); // as given
        QCOMPARE(f->headersEdit()->toPlainText(),
                 "Accept: application/json\nContent-Type: application/json");
        QCOMPARE(f->bodyEdit()->toPlainText(), "{\"title\":\"x\"}");
        const auto sc = f->scenario();
        QCOMPARE(sc.requests.at(0).name, std::string("Create post"));
        QCOMPARE(sc.requests.at(0).headers.size(), std::size_t(2));

        // Once shown, a new request replaces the target at once.
        QVERIFY(ctx.invoke("loadTestRequest",
                           {{"method", "GET"},
                            {"url", "http://127.0.0.1:9/healthz"},
                            {"headers", QVariantMap{{"Authorization", "Bearer t"}}}}));
        QCOMPARE(shown.count(), 2);
        QCOMPARE(f->methodBox()->currentText(), "GET");
        QCOMPARE(f->urlEdit()->text(), "http://127.0.0.1:9/healthz");
        QCOMPARE(f->headersEdit()->toPlainText(), "Authorization: Bearer t");
        QVERIFY(f->bodyEdit()->toPlainText().isEmpty());
        unregisterLoadTestActions(ctx);
        QVERIFY(!ctx.hasAction("loadTestRequest"));
    }

    void invalidThresholdShowsItsErrorAndBlocksStart()
    {
        auto w = makeWidget(false);
        ScenarioForm *f = w->form();
        f->urlEdit()->setText("http://127.0.0.1:9/");
        f->thresholdList()->setRules({});
        // A credential as the history and the settings give it back: it must be typed again.
        f->headersEdit()->setPlainText("Accept: */*\nAuthorization: Bearer ••••");
        QVERIFY(!w->startButton()->isEnabled());
        QVERIFY(f->problemLabel()->text().contains("Authorization"));
        f->headersEdit()->clear();
        QVERIFY(w->startButton()->isEnabled());
        f->thresholdList()->addRule("p95<<200ms");
        QVERIFY(!w->startButton()->isEnabled());
        const QString status = f->thresholdList()->table()->item(0, 1)->text();
        QVERIFY2(!status.isEmpty() && status != "valid", qPrintable(status));
        QVERIFY(f->problemLabel()->text().contains("p95<<200ms"));
        QVERIFY(w->startButton()->toolTip().contains("p95<<200ms"));
        QVERIFY(!w->start());
        QVERIFY(!w->isRunning());
        f->thresholdList()->table()->item(0, 0)->setText("p95<200ms");
        QCOMPARE(f->thresholdList()->table()->item(0, 1)->text(), "valid");
        QVERIFY(w->startButton()->isEnabled());
        QVERIFY(f->problemLabel()->text().isEmpty());

        // The same for checks, stages and the URL.
        f->checkList()->setRules({"status=abc"});
        QVERIFY(!w->startButton()->isEnabled());
        f->checkList()->setRules({"status=200"});
        QVERIFY(w->startButton()->isEnabled());
        f->useStagesBox()->setChecked(true);
        QVERIFY(f->stageEditor()->setText("5s:10,5s:0"));
        QVERIFY(w->startButton()->isEnabled());
        // The preview draws the planned ramp: 0 → 10 over 5 s, → 0 over the next 5 s.
        const QList<QPointF> ramp = f->stageEditor()->preview()->points(0);
        QCOMPARE(ramp, (QList<QPointF>{{0, 0}, {5, 10}, {10, 0}}));
        QCOMPARE(f->scenario().stages.size(), std::size_t(2));
        f->stageEditor()->table()->item(0, 0)->setText("5x");
        QVERIFY(!w->startButton()->isEnabled());
        QVERIFY(f->problemLabel()->text().contains("stage 1"));
        f->useStagesBox()->setChecked(false);
        f->urlEdit()->setText("ftp://127.0.0.1/");
        QVERIFY(!w->startButton()->isEnabled());
        f->urlEdit()->setText("{{baseUrl}}/posts"); // as the tester may hand it over
        QVERIFY(!w->startButton()->isEnabled());
        QVERIFY(f->problemLabel()->text().contains("Replace {{baseUrl}}"));
        f->urlEdit()->setText("http://127.0.0.1:9/");
        f->headersEdit()->setPlainText("no colon here");
        QVERIFY(f->problemLabel()->text().contains("header line 1"));
        f->headersEdit()->clear();
        QVERIFY(w->startButton()->isEnabled());
    }

    // "valid" before a run (✓ would read as "passed"), the outcome after it, "valid" again
    // once the rule is edited.
    void thresholdStatusSaysValidThenTheOutcome()
    {
        auto w = makeWidget(false);
        ScenarioForm *f = w->form();
        f->thresholdList()->setRules({"p99<1ms", "rps>40000", "p95<<1"});
        f->checkList()->setRules({"status=200"});
        QTableWidget *t = f->thresholdList()->table();
        QCOMPARE(t->item(0, 1)->text(), QString("valid"));
        QCOMPARE(t->item(1, 1)->text(), QString("valid"));
        QVERIFY(t->item(2, 1)->text().contains("at "));
        t->item(2, 0)->setText("p50<1s"); // a run needs every rule valid
        QCOMPARE(t->item(2, 1)->text(), QString("valid"));

        bb::loadtest::Summary s;
        auto rule = [](const char *text) {
            return std::get<bb::loadtest::Threshold>(bb::loadtest::Threshold::parse(text));
        };
        s.thresholds = {{rule("p99<1ms"), 0.334, true}, {rule("rps>40000"), 32061.4, false}};
        s.checks = {{"status=200", 980, 20}};
        f->showOutcome(s);
        const QLocale locale;
        QCOMPARE(t->item(0, 1)->text(), QString("passed (observed 334 µs)"));
        QCOMPARE(t->item(1, 1)->text(),
                 QString("failed (observed %1/s)").arg(locale.toString(32061.0, 'f', 0)));
        QCOMPARE(t->item(2, 1)->text(), QString("valid")); // not in that run
        const auto success =
            bb::shell::toneColor(f->thresholdList()->palette(), bb::shell::Tone::Success);
        const auto danger =
            bb::shell::toneColor(f->thresholdList()->palette(), bb::shell::Tone::Danger);
        QCOMPARE(t->item(0, 1)->foreground().color(), success);
        QCOMPARE(t->item(1, 1)->foreground().color(), danger);
        QCOMPARE(f->checkList()->table()->item(0, 1)->text(),
                 QString("failed (%1 of %2 failed)").arg(20).arg(locale.toString(1000)));

        // Editing the rule drops the outcome: it no longer describes that rule.
        t->item(1, 0)->setText("rps>30000");
        QCOMPARE(t->item(1, 1)->text(), QString("valid"));
        QCOMPARE(t->item(0, 1)->text(), QString("passed (observed 334 µs)"));
        f->clearOutcome();
        QCOMPARE(t->item(0, 1)->text(), QString("valid"));
    }

    void closedRunDrawsChartsAndEndsWithSummaryAndHistory()
    {
        auto w = makeWidget();
        const int before = w->history()->size();
        ScenarioForm *f = w->form();
        f->setRequest(engineRequest("/api/v1/posts"));
        f->closedButton()->setChecked(true);
        f->connectionsBox()->setValue(4);
        f->requestCountBox()->setValue(0);
        f->durationBox()->setValue(3);
        f->thresholdList()->setRules({"p95<5s", "error_rate<0.01"});
        f->checkList()->setRules({"status=200"});
        QVERIFY(w->startButton()->isEnabled());
        QSignalSpy finished(w.get(), &LoadTestWidget::runFinished);

        w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        f->urlEdit()->setFocus();
        QTest::keyClick(f->urlEdit(), Qt::Key_Return, Qt::ControlModifier); // Ctrl+Enter starts
        QVERIFY(w->isRunning());
        QVERIFY(!w->startButton()->isEnabled());
        QVERIFY(w->stopButton()->isEnabled());
        QVERIFY(!f->isEnabled());
        QCOMPARE(w->tabs()->currentIndex(), int(LoadTestWidget::LiveTab));

        // Live: charts fill while it runs, four points a second.
        LiveCharts *c = w->charts();
        QTRY_VERIFY_WITH_TIMEOUT(c->latencyChart()->pointCount(LiveCharts::P99) >= 2, 5000);
        QVERIFY(w->isRunning());
        QVERIFY(c->rpsChart()->pointCount(0) >= 2);
        QVERIFY(c->histogramChart()->total() > 0);
        QVERIFY(!c->latencyChart()->isSeriesVisible(LiveCharts::P99Uncorrected)); // closed
        QVERIFY(w->statusLabel()->text().startsWith("Running"));
        // The target is the embedded engine: its own view is shown beside.
        QVERIFY(c->serverChart()->isVisibleTo(w.get()));

        QVERIFY(finished.wait(20'000));
        QVERIFY(!w->isRunning());
        QVERIFY(w->startButton()->isEnabled());
        QVERIFY(c->serverChart()->pointCount(0) >= 1);
        const RunRecord *run = w->shownRun();
        QVERIFY(run);
        const auto &s = *run->summary;
        QVERIFY(s.requests > 20);
        QCOMPARE(s.errors, std::uint64_t(0));
        QVERIFY(s.thresholdsPassed);
        QCOMPARE(s.thresholds.size(), std::size_t(2));
        QCOMPARE(s.checks.size(), std::size_t(1));
        QCOMPARE(s.checks.at(0).fails, std::uint64_t(0));
        // The summary: verdict, thresholds ✓, the wrk-like text.
        QVERIFY(w->summaryView()->verdictLabel()->text().startsWith("✓"));
        QCOMPARE(w->summaryView()->thresholdTable()->rowCount(), 2);
        QCOMPARE(w->summaryView()->thresholdTable()->item(0, 2)->text(), "✓ passed");
        QVERIFY(w->summaryView()->textView()->toPlainText().contains("Requests/sec:"));
        QVERIFY(w->resultLabel()->text().contains("✓ p95<5s"));
        // Beside each rule in the form, its outcome.
        const QString p95 = f->thresholdList()->table()->item(0, 1)->text();
        QVERIFY2(p95.startsWith("passed (observed ") && p95.endsWith("s)"), qPrintable(p95));
        QCOMPARE(f->thresholdList()->table()->item(1, 1)->text(), QString("passed (observed 0)"));
        QCOMPARE(f->checkList()->table()->item(0, 1)->text(),
                 QString("passed (all %1)").arg(QLocale().toString(qulonglong(s.requests))));
        // Every sample is on the charts and the histogram holds every request.
        QCOMPARE(c->latencyChart()->pointCount(LiveCharts::P99), int(run->samples.size()));
        QCOMPARE(c->histogramChart()->total(), double(s.latency.count()));
        // …and it is in the history, on disk.
        QCOMPARE(w->history()->size(), before + 1);
        QCOMPARE(w->history()->at(0).id, run->id);
        QVERIFY(QFile::exists(m_runs.filePath(run->id + ".json")));
    }

    void openRunShowsTheUncorrectedLatency()
    {
        auto w = makeWidget();
        ScenarioForm *f = w->form();
        f->setRequest({{"method", "GET"}, {"url", engineUrl("/healthz")}});
        f->openButton()->setChecked(true);
        f->rateBox()->setValue(200);
        f->durationBox()->setValue(1.5);
        f->thresholdList()->setRules({"p99<1ms"});
        f->checkList()->setRules({});
        QSignalSpy finished(w.get(), &LoadTestWidget::runFinished);
        QVERIFY(w->start());
        QVERIFY(w->charts()->latencyChart()->isSeriesVisible(LiveCharts::P99Uncorrected));
        QVERIFY(w->charts()->rpsChart()->isSeriesVisible(1)); // the target rate
        QVERIFY(finished.wait(20'000));
        const auto &s = *w->shownRun()->summary;
        QVERIFY2(s.requests >= 200, qPrintable(QString::number(s.requests)));
        QVERIFY(s.openModel);
        QVERIFY(w->charts()->latencyChart()->pointCount(LiveCharts::P99Uncorrected) > 0);
        // A threshold that fails shows ✗ in the summary.
        if (!s.thresholdsPassed) {
            QVERIFY(w->summaryView()->verdictLabel()->text().startsWith("✗"));
            QCOMPARE(w->summaryView()->thresholdTable()->item(0, 2)->text(), "✗ failed");
        }
    }

    void stopStopsTheRun()
    {
        auto w = makeWidget();
        ScenarioForm *f = w->form();
        f->setRequest({{"method", "GET"}, {"url", engineUrl("/healthz")}});
        f->closedButton()->setChecked(true);
        f->connectionsBox()->setValue(2);
        f->thinkTimeBox()->setValue(5);
        f->durationBox()->setValue(120);
        f->thresholdList()->setRules({});
        QSignalSpy finished(w.get(), &LoadTestWidget::runFinished);
        QVERIFY(w->start());
        QTRY_VERIFY_WITH_TIMEOUT(w->charts()->rpsChart()->pointCount(0) >= 2, 5000);
        w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        w->tabs()->setFocus();
        QTest::keyClick(w->tabs(), Qt::Key_Escape); // Esc stops
        QVERIFY(finished.wait(10'000));
        QVERIFY(!w->isRunning());
        const auto &s = *w->shownRun()->summary;
        QVERIFY2(s.durationSeconds < 20, qPrintable(QString::number(s.durationSeconds)));
        QVERIFY(s.requests > 0);
        QVERIFY(w->statusLabel()->text().startsWith("Finished"));
    }

    void exactCountRunAndRestartKeepHistoryAndForm()
    {
        QString firstId;
        {
            auto w = makeWidget();
            ScenarioForm *f = w->form();
            f->setRequest(engineRequest("/api/v1/posts"));
            f->closedButton()->setChecked(true);
            f->connectionsBox()->setValue(3);
            f->durationBox()->setValue(30);
            f->requestCountBox()->setValue(50);
            f->thresholdList()->setRules({"p99<10s"});
            QSignalSpy finished(w.get(), &LoadTestWidget::runFinished);
            QVERIFY(w->start());
            QVERIFY(finished.wait(20'000));
            QCOMPARE(w->shownRun()->summary->requests, std::uint64_t(50));
            QCOMPARE(w->shownRun()->summary->errors, std::uint64_t(0));
            firstId = w->history()->at(0).id;
            w->tabs()->setCurrentIndex(LoadTestWidget::HistoryTab);
        }
        // A new panel (as after a restart): the form and the history are back.
        auto w = makeWidget();
        QCOMPARE(w->form()->urlEdit()->text(), engineUrl("/api/v1/posts"));
        QCOMPARE(w->form()->requestCountBox()->value(), 50);
        QCOMPARE(w->form()->connectionsBox()->value(), 3);
        QCOMPARE(w->form()->thresholdList()->rules(), QStringList{"p99<10s"});
        QCOMPARE(w->tabs()->currentIndex(), int(LoadTestWidget::HistoryTab));
        QVERIFY(w->history()->size() >= 4);
        QCOMPARE(w->history()->at(0).id, firstId);
        QCOMPARE(w->history()->at(0).summary->requests, std::uint64_t(50));
        // The newest run is shown at once, with its charts (a run this short may end before
        // its first 250 ms sample; the histogram holds every request whatever its length).
        QVERIFY(w->shownRun());
        QCOMPARE(w->shownRun()->id, firstId);
        QCOMPARE(w->charts()->latencyChart()->pointCount(LiveCharts::P50),
                 int(w->shownRun()->samples.size()));
        QCOMPARE(w->charts()->histogramChart()->total(), 50.0);
        QVERIFY(w->summaryView()->textView()->toPlainText().contains("50 requests"));
        // Even 50 requests in well under 250 ms leave a time series: the final partial
        // interval is a sample of its own.
        QVERIFY(!w->shownRun()->samples.empty());

        // The token reached neither the history nor the settings; the form asks for it again.
        const QString token = m_engine->localAdminToken();
        QVERIFY(token.size() >= 8);
        QSettings().sync();
        QStringList files{QSettings().fileName()};
        for (const QString &name : QDir(m_runs.path()).entryList({"*.json"}, QDir::Files))
            files.append(QDir(m_runs.path()).filePath(name));
        QVERIFY(files.size() >= 2);
        for (const QString &path : files) {
            QFile file(path);
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
            QVERIFY2(!file.readAll().contains(token.toUtf8()), qPrintable(path));
        }
        QCOMPARE(w->form()->headersEdit()->toPlainText(), QString("Authorization: Bearer ••••"));
        QVERIFY(!w->startButton()->isEnabled());
        QVERIFY2(w->form()->problemLabel()->text().contains("Authorization header was stored "
                                                            "masked"),
                 qPrintable(w->form()->problemLabel()->text()));
        QVERIFY(w->startButton()->toolTip().contains("Authorization"));
        QVERIFY(!w->start());
        w->form()->headersEdit()->setPlainText("Authorization: Bearer " + token);
        QVERIFY(w->startButton()->isEnabled());
    }

    // "Run again" puts a stored scenario back in the form and runs it; a masked credential
    // stops it with the header named until the value is typed again.
    void runAgainLoadsTheStoredScenario()
    {
        auto w = makeWidget();
        // A stored run without credentials: loaded and started at once.
        RunRecord plain = bbtest::madeUpRun(engineUrl("/healthz"), 1, 30);
        plain.scenario.maxRequests = 30;
        plain.scenario.connections = 2;
        QVERIFY(w->history()->add(plain));
        w->form()->connectionsBox()->setValue(9);
        QSignalSpy finished(w.get(), &LoadTestWidget::runFinished);
        QVERIFY(w->runAgain(0));
        QCOMPARE(w->form()->urlEdit()->text(), engineUrl("/healthz"));
        QCOMPARE(w->form()->connectionsBox()->value(), 2);
        QCOMPARE(w->form()->requestCountBox()->value(), 30);
        QCOMPARE(w->form()->thresholdList()->rules(), QStringList{"p99<20ms"});
        QVERIFY(finished.wait(20'000));
        QCOMPARE(w->shownRun()->summary->requests, std::uint64_t(30));

        // One with the tester's token: stored masked, so it waits for the token.
        RunRecord secret = bbtest::madeUpRun(engineUrl("/api/v1/posts"), 1, 20);
        secret.scenario.maxRequests = 20;
        secret.scenario.requests[0].headers = {
            {"Authorization", "Bearer " + m_engine->localAdminToken().toStdString()}};
        QVERIFY(w->history()->add(secret));
        const int stored = w->history()->size();
        QVERIFY(!w->runAgain(0));
        QVERIFY(!w->isRunning());
        QCOMPARE(w->form()->headersEdit()->toPlainText(), QString("Authorization: Bearer ••••"));
        QCOMPARE(w->form()->requestCountBox()->value(), 20);
        QVERIFY(!w->startButton()->isEnabled());
        QVERIFY(w->statusLabel()->text().contains("Authorization header"));
        QVERIFY(w->lastError().contains("type its value again"));
        w->form()->headersEdit()->setPlainText("Authorization: Bearer " +
                                               m_engine->localAdminToken());
        QVERIFY(w->startButton()->isEnabled());
        QVERIFY(w->start());
        QVERIFY(finished.wait(20'000));
        QCOMPARE(w->shownRun()->summary->requests, std::uint64_t(20));
        QCOMPARE(w->shownRun()->summary->errors, std::uint64_t(0)); // the token was accepted
        QCOMPARE(w->history()->size(), stored + 1);
    }

    // A data file fills {{name}}: its row count and first row's names show in the form, a bad
    // one shows line and column and blocks Start, the rows go into the run and its record.
    void dataFileFillsVariables()
    {
        QTemporaryDir dir;
        QFile good(dir.filePath("ids.csv"));
        QVERIFY(good.open(QIODevice::WriteOnly));
        good.write("id,label\n1,one\n2,two\n3,three\n");
        good.close();
        QFile bad(dir.filePath("bad.csv"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("id,label\n1,one\n2,two,2b\n");
        bad.close();

        {
            auto w = makeWidget();
            ScenarioForm *f = w->form();
            f->setRequest({{"method", "GET"}, {"url", engineUrl("/healthz") + "?id={{id}}"}});
            QCOMPARE(f->dataLabel()->text(), QString("none: {{name}} stays as written"));
            QVERIFY(!f->clearDataButton()->isEnabled());
            QVERIFY(!f->setDataFile(bad.fileName()));
            QCOMPARE(f->dataLabel()->text(),
                     QString("bad.csv: line 3, column 7: 3 fields, the header has 2"));
            QVERIFY(!w->startButton()->isEnabled());
            QVERIFY(f->problemLabel()->text().contains("line 3, column 7"));
            QVERIFY(f->setDataFile(good.fileName()));
            QCOMPARE(f->dataLabel()->text(), QString("ids.csv · 3 rows · id, label"));
            QVERIFY(f->clearDataButton()->isEnabled());
            QVERIFY(w->startButton()->isEnabled());
            QCOMPARE(f->scenario().dataRows.size(), std::size_t(3));
            QCOMPARE(f->scenario().dataRows.at(2).at("label"), std::string("three"));

            f->closedButton()->setChecked(true);
            f->requestCountBox()->setValue(9);
            f->connectionsBox()->setValue(1);
            f->thresholdList()->setRules({});
            f->checkList()->setRules({"status=200"});
            QSignalSpy finished(w.get(), &LoadTestWidget::runFinished);
            QVERIFY(w->start());
            QVERIFY(finished.wait(20'000));
            QCOMPARE(w->shownRun()->summary->requests, std::uint64_t(9));
            QVERIFY2(w->shownRun()->summary->errors == 0,
                     qPrintable(w->summaryView()->textView()->toPlainText()));
            QCOMPARE(w->history()->at(0).scenario.dataRows.size(), std::size_t(3));
        }
        // After a restart the file is read again; a stored run brings its own rows.
        auto w = makeWidget();
        ScenarioForm *f = w->form();
        QCOMPARE(f->dataLabel()->text(), QString("ids.csv · 3 rows · id, label"));
        f->clearData();
        QCOMPARE(f->scenario().dataRows.size(), std::size_t(0));
        QVERIFY(w->runAgain(0));
        QCOMPARE(f->dataLabel()->text(), QString("stored rows · 3 rows · id, label"));
        QCOMPARE(f->scenario().dataRows.size(), std::size_t(3));
        w->stop();
        QTRY_VERIFY_WITH_TIMEOUT(!w->isRunning(), 20'000);

        // Rows that fed a credential header were stored masked: the file is needed again.
        bb::loadtest::Scenario stored = f->scenario();
        stored.requests[0].headers = {{"X-Session-Token", "{{session}}"}};
        stored.dataRows = {{{"session", std::string(bb::loadtest::kSecretMask)}}};
        f->setScenario(stored);
        QVERIFY(!w->startButton()->isEnabled());
        QVERIFY2(f->problemLabel()->text().contains("X-Session-Token header takes its value from "
                                                    "data rows that were stored masked"),
                 qPrintable(f->problemLabel()->text()));
        QVERIFY(f->setDataFile(good.fileName()));
        f->headersEdit()->clear();
        QVERIFY(w->startButton()->isEnabled());
        f->clearData();
    }

    void compareShowsDeltasAndOverlays()
    {
        QTemporaryDir runs;
        RunHistory history(runs.path());
        QVERIFY(history.add(bbtest::madeUpRun("http://127.0.0.1:1/a", 10, 1000, 5000)));
        QVERIFY(history.add(bbtest::madeUpRun("http://127.0.0.1:1/a", 20, 2000, 1000)));
        CompareView view(&history);
        view.compare(1, 0); // A = older (10 ms), B = newer (20 ms)
        QTableWidget *t = view.table();
        QCOMPARE(t->rowCount(), int(compareRows(history.at(1), history.at(0)).size()));
        auto row = [t](const QString &name) {
            for (int r = 0; r < t->rowCount(); ++r) {
                if (t->item(r, 0)->text() == name)
                    return r;
            }
            return -1;
        };
        const int p99 = row("Latency p99");
        QVERIFY(p99 >= 0);
        QVERIFY(t->item(p99, 1)->text().startsWith("10.0"));
        QVERIFY(t->item(p99, 2)->text().startsWith("20.0"));
        QVERIFY(t->item(p99, 3)->text().startsWith("+99.") ||
                t->item(p99, 3)->text().startsWith("+100"));
        const int rps = row("Requests/s");
        QCOMPARE(t->item(rps, 3)->text(), "+100.0 %");
        // Worse latency is red, more throughput green.
        const QPalette pal = view.palette();
        QCOMPARE(t->item(p99, 3)->foreground().color(),
                 bb::shell::toneColor(pal, bb::shell::Tone::Danger));
        QCOMPARE(t->item(rps, 3)->foreground().color(),
                 bb::shell::toneColor(pal, bb::shell::Tone::Success));
        // Both runs' series are overlaid.
        QCOMPARE(view.latencyChart()->pointCount(1), 8); // A p99
        QCOMPARE(view.latencyChart()->pointCount(3), 8); // B p99
        QCOMPARE(view.throughputChart()->pointCount(1), 8);
        QCOMPARE(deltaText(0, 0), "±0 %");
        QCOMPARE(deltaText(0, 5), "new");
        QCOMPARE(deltaText(10, 5), "−50.0 %");

        // Through the panel: two selected history rows open the Compare tab.
        auto w = makeWidget(false);
        w->compareRuns(1, 0);
        QCOMPARE(w->tabs()->currentIndex(), int(LoadTestWidget::CompareTab));
        QVERIFY(w->compareView()->table()->rowCount() > 0);
    }

    void exportsWriteEveryReport()
    {
        auto w = makeWidget(false);
        QVERIFY(w->history()->size() > 0);
        w->showHistoryRun(0);
        QCOMPARE(w->tabs()->currentIndex(), int(LoadTestWidget::SummaryTab));
        QTemporaryDir out;
        for (ReportFormat f : {ReportFormat::Json, ReportFormat::Csv, ReportFormat::Html,
                               ReportFormat::K6, ReportFormat::Text}) {
            const QString path = out.filePath(defaultFileName(f, *w->shownRun()));
            QVERIFY2(w->exportReport(f, path), qPrintable(w->lastError()));
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            QVERIFY(!bytes.isEmpty());
            switch (f) {
            case ReportFormat::Json:
                QVERIFY(QJsonDocument::fromJson(bytes).object().value("metrics").isObject());
                break;
            case ReportFormat::Csv:
                QVERIFY(bytes.startsWith("t_s,requests,errors"));
                break;
            case ReportFormat::Html:
                QVERIFY(bytes.startsWith("<!DOCTYPE html>"));
                break;
            case ReportFormat::K6:
                QVERIFY(bytes.contains("export default function"));
                break;
            case ReportFormat::Text:
                QVERIFY(bytes.startsWith("Ran "));
                break;
            }
        }
        QVERIFY(w->statusLabel()->text().startsWith("Saved"));
        QVERIFY(!w->exportReport(ReportFormat::Html, out.filePath("missing/dir/x.html")));
        QVERIFY(w->lastError().contains("Cannot write"));
    }
};

QTEST_MAIN(TestLoadTestPanel)
#include "tst_loadtest_panel.moc"
