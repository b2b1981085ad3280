// RunnerView driven like a user would: run the test collection against a real engine, read the
// counts and the tree, stop a run half way with Esc, export JSON and JUnit and check the files.
#include "runner_view.h"

#include "../../support/engine_fixture.h"
#include "tester/run_results.h"
#include "workspace/postman.h"

#include <QCheckBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QXmlStreamReader>

using bb::plugins::endpoints::RunnerView;
using bb::tester::RunResultsModel;

namespace {

constexpr char kEmail[] = "runner-view@example.test";
constexpr char kPassword[] = "correct horse battery staple 43";

QString dataPath(const QString &name)
{
    return QStringLiteral(BB_SOURCE_DIR "/tests/integration/runner/data/") + name;
}

} // namespace

class TestRunnerView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (!m_fx.unavailableReason().isEmpty())
            QSKIP(qPrintable(m_fx.unavailableReason()));
        qputenv("BACKBENCH_ADMIN_EMAIL", kEmail);
        qputenv("BACKBENCH_ADMIN_PASSWORD", kPassword);
        m_engine = std::make_unique<bb::engine::Engine>(m_fx.config());
        auto port = m_engine->start();
        qunsetenv("BACKBENCH_ADMIN_EMAIL");
        qunsetenv("BACKBENCH_ADMIN_PASSWORD");
        QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));

        QFile f(dataPath("engine_api.postman_collection.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        auto imported = bb::workspace::importPostman(f.readAll());
        QVERIFY(imported.ok());
        m_collection = imported->collection;
        m_environment.name = QStringLiteral("local");
        m_environment.variables = {
            {"baseUrl", QStringLiteral("http://127.0.0.1:%1").arg(*port), true, false},
            {"adminEmail", QString::fromLatin1(kEmail), true, false},
            {"adminPassword", QString::fromLatin1(kPassword), true, true},
        };
    }
    void cleanupTestCase()
    {
        if (m_engine)
            m_engine->stop();
    }

    void runShowsCountsTreeAndExports()
    {
        RunnerView view;
        view.resize(900, 600);
        view.show();
        QVERIFY(!view.runButton()->isEnabled()); // nothing to run yet
        view.setCollection(m_collection);
        view.setEnvironment(m_environment);
        QVERIFY(view.runButton()->isEnabled());
        view.iterationsBox()->setValue(0); // one per data row
        view.dataFileEdit()->setText(dataPath("tags.csv"));

        QSignalSpy finished(&view, &RunnerView::runFinished);
        QSignalSpy envChanged(&view, &RunnerView::environmentChanged);
        QTest::mouseClick(view.runButton(), Qt::LeftButton);
        QVERIFY(view.isRunning());
        QVERIFY(view.stopButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(view.progressBar()->text().contains("iteration"), 20000);
        QVERIFY2(view.progressBar()->text().contains(
                     QRegularExpression("^request \\d+ of 9, iteration \\d$")),
                 qPrintable(view.progressBar()->text()));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);

        const bb::tester::RunSummary &s = view.lastSummary();
        QCOMPARE(s.iterations.total, 3);
        QCOMPARE(s.requests.total, 27);
        QCOMPARE(s.assertions.failed, 4);
        QVERIFY2(view.summaryText().startsWith("3 iteration(s), 27 request(s) (0 failed), "),
                 qPrintable(view.summaryText()));
        QCOMPARE(view.progressBar()->value(), view.progressBar()->maximum());

        // The tree: 3 iterations of 9 requests; the failing test is red with its message.
        RunResultsModel *m = view.model();
        QCOMPARE(m->rowCount(), 3);
        const QModelIndex it3 = m->index(2, 0);
        QCOMPARE(m->rowCount(it3), 9);
        QCOMPARE(it3.data(RunResultsModel::StateRole).toInt(), int(RunResultsModel::State::Failed));
        const QModelIndex list = m->index(7, 0, it3);
        QCOMPARE(list.data().toString(), QStringLiteral("List posts with a filter"));
        const QModelIndex minPosts = m->index(3, 0, list);
        QCOMPARE(minPosts.data().toString(), QStringLiteral("at least minPosts posts"));
        QCOMPARE(minPosts.data(RunResultsModel::StateRole).toInt(),
                 int(RunResultsModel::State::Failed));
        QVERIFY(!m->index(3, RunResultsModel::DetailColumn, list).data().toString().isEmpty());

        // The scripts' pm.environment.set reached the panel.
        QCOMPARE(envChanged.size(), 1);
        const auto env = envChanged.at(0).at(0).value<bb::workspace::Environment>();
        bool hasToken = false;
        for (const auto &v : env.variables)
            hasToken |= v.name == u"token" && !v.value.isEmpty();
        QVERIFY(hasToken);

        QTemporaryDir dir;
        QVERIFY(view.exportJson(dir.filePath("run.json")).ok());
        QVERIFY(view.exportJUnit(dir.filePath("run.xml")).ok());
        QFile json(dir.filePath("run.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject report = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(report["stats"]["assertions"]["failed"].toInt(), 4);
        QFile xmlFile(dir.filePath("run.xml"));
        QVERIFY(xmlFile.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&xmlFile);
        int failures = 0;
        while (!xml.atEnd())
            if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == u"failure")
                ++failures;
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(failures, 4);
        QVERIFY(!view.exportJson(dir.filePath("no/such/dir/run.json")).ok());
    }

    void escStopsARunHalfWay()
    {
        RunnerView view;
        view.show();
        view.setCollection(m_collection);
        view.setEnvironment(m_environment);
        view.iterationsBox()->setValue(5);
        view.delayBox()->setValue(200); // slow enough to stop in the middle
        QSignalSpy finished(&view, &RunnerView::runFinished);
        view.run();
        QTRY_VERIFY_WITH_TIMEOUT(view.model()->requestCount() >= 2, 20000);
        view.activateWindow();
        view.setFocus();
        QTest::keyClick(&view, Qt::Key_Escape);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        QVERIFY(view.lastSummary().cancelled);
        QVERIFY(view.model()->requestCount() < 45);
        QVERIFY(view.summaryText().endsWith("stopped"));
        QCOMPARE(view.progressBar()->text(), QStringLiteral("stopped"));
        QVERIFY(view.runButton()->isEnabled());
        QVERIFY(!view.stopButton()->isEnabled());
    }

    void bailAndBadDataFile()
    {
        RunnerView view;
        view.setCollection(m_collection);
        view.setEnvironment(m_environment);
        view.iterationsBox()->setValue(3);
        view.bailBox()->setChecked(true);
        view.dataFileEdit()->setText(dataPath("tags.csv"));
        QSignalSpy finished(&view, &RunnerView::runFinished);
        view.run();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QVERIFY(view.lastSummary().bailed);
        QCOMPARE(view.model()->requestCount(), 9); // iteration 1's last request fails on purpose

        QTemporaryDir dir;
        QFile bad(dir.filePath("bad.csv"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("a,b\n1\n");
        bad.close();
        view.dataFileEdit()->setText(bad.fileName());
        view.run();
        QVERIFY(!view.isRunning());
        QCOMPARE(view.statusText(), QStringLiteral("bad.csv:2: 1 fields, the header has 2"));
    }

private:
    bbtest::EngineFixture m_fx;
    std::unique_ptr<bb::engine::Engine> m_engine;
    bb::workspace::Collection m_collection;
    bb::workspace::Environment m_environment;
};

QTEST_MAIN(TestRunnerView)
#include "tst_runnerview.moc"
