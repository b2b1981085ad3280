#include "app/screenshot_runner.h"

#include "app/main_window.h"
#include "engine/engine_controller.h"

#include <QCoreApplication>
#include <QDir>
#include <QMetaObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPixmap>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>

namespace bb::app {

namespace {
constexpr int kWaves = 5;
constexpr int kWaveIntervalMs = 400;
// Long enough for a panel's live refresh timer (250–500 ms) to tick twice after it is shown.
constexpr int kSettleMs = 1100;
// A scene is ready when the panel says so (a send answered, a run finished); polled, bounded.
constexpr int kScenePollMs = 100;
constexpr int kSceneTimeoutMs = 10'000;
// After ready, one short pause so queued layout and paint events land before the grab.
constexpr int kScenePaintMs = 250;

struct Probe {
    QByteArray method;
    QString path;
    QByteArray body;
    bool anonymous = false; ///< sent without the app's token, as a stranger would
};

QList<Probe> wave(int n)
{
    QList<Probe> probes{
        {"GET", QStringLiteral("/healthz"), {}},
        {"GET", QStringLiteral("/readyz"), {}},
        {"GET", QStringLiteral("/api/v1"), {}},
        // Not the starter "List posts" URL (perPage=5): the Endpoints scenes send that one and
        // must miss the engine's response cache so its server trace shows the SQL.
        {"GET", QStringLiteral("/api/v1/posts?perPage=4&sort=-created_at"), {}},
        {"GET", QStringLiteral("/api/v1/authors?perPage=10"), {}},
        {"GET", QStringLiteral("/api/v1/posts/%1").arg(n + 1), {}},
        {"GET", QStringLiteral("/api/v1/comments?filter=id%3C20&perPage=3"), {}},
        {"GET", QStringLiteral("/api/v1/posts/999999"), {}},
        {"GET", QStringLiteral("/api/v1/no_such_table"), {}},
        {"GET", QStringLiteral("/api/v1/posts/1"), {}, true},
    };
    if (n % 2 == 0) {
        probes.append({"POST", QStringLiteral("/api/v1/posts"), QByteArray("{}")});
        probes.append({"GET", QStringLiteral("/metrics"), {}});
    }
    return probes;
}
} // namespace

ScreenshotRunner::ScreenshotRunner(MainWindow &window, engine::EngineController &engine,
                                   QString outputDir, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_engine(engine)
    , m_dir(std::move(outputDir))
    , m_net(new QNetworkAccessManager(this))
{}

void ScreenshotRunner::start()
{
    if (!QDir().mkpath(m_dir)) {
        finish(1, QStringLiteral("cannot create %1").arg(m_dir));
        return;
    }
    connect(&m_engine, &engine::EngineController::stateChanged, this,
            &ScreenshotRunner::onEngineState);
    QTimer::singleShot(90'000, this, [this] {
        finish(1, QStringLiteral("timed out after 90 s (engine state or requests never settled)"));
    });
    onEngineState();
}

void ScreenshotRunner::onEngineState()
{
    using State = engine::EngineController::State;
    if (m_started)
        return;
    if (m_engine.state() == State::Failed) {
        finish(1, QStringLiteral("the engine failed to start: %1").arg(m_engine.lastError()));
        return;
    }
    if (m_engine.state() != State::Running)
        return;
    m_started = true;
    m_base = m_engine.baseUrl();
    std::fprintf(stderr, "engine running at %s; sending requests\n", qPrintable(m_base.toString()));
    sendWave();
}

void ScreenshotRunner::sendWave()
{
    for (const Probe &p : wave(m_wave)) {
        QUrl url = m_base;
        const int q = p.path.indexOf(QLatin1Char('?'));
        url.setPath(q < 0 ? p.path : p.path.left(q));
        if (q >= 0)
            url.setQuery(p.path.mid(q + 1));
        QNetworkRequest req(url);
        if (!p.anonymous)
            req.setRawHeader("Authorization", "Bearer " + m_engine.localAdminToken().toLatin1());
        if (!p.body.isEmpty())
            req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply *reply = m_net->sendCustomRequest(req, p.method, p.body);
        ++m_inFlight;
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            reply->deleteLater();
            // 4xx answers are wanted (the panels show them); a transport error is not.
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid())
                ++m_answered;
            --m_inFlight;
            if (m_wave >= kWaves && m_inFlight == 0) {
                if (m_answered == 0) {
                    finish(1, QStringLiteral("the engine answered none of the requests"));
                    return;
                }
                std::fprintf(stderr, "%d requests answered\n", m_answered);
                m_pending = m_window.panelIds();
                shootNext();
            }
        });
    }
    ++m_wave;
    if (m_wave < kWaves)
        QTimer::singleShot(kWaveIntervalMs, this, &ScreenshotRunner::sendWave);
}

namespace {
/// The panel's outermost tab widget (its main tabs), found breadth-first, or null.
QTabWidget *mainTabs(QWidget *panel)
{
    QList<QWidget *> level{panel};
    while (!level.isEmpty()) {
        QList<QWidget *> next;
        for (QWidget *w : level) {
            if (auto *tabs = qobject_cast<QTabWidget *>(w); tabs && w != panel)
                return tabs;
            next += w->findChildren<QWidget *>(Qt::FindDirectChildrenOnly);
        }
        level = next;
    }
    return nullptr;
}

/// "Policy tester" -> "policy-tester"; "Routes and resources (69)" -> "routes-and-resources".
QString slug(QString title)
{
    title.remove(QLatin1Char('&'));
    title = title.section(QLatin1Char('('), 0, 0).trimmed().toLower();
    title.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
    return title;
}
} // namespace

void ScreenshotRunner::shootNext()
{
    if (m_pending.isEmpty()) {
        finish(m_saved.isEmpty() ? 1 : 0,
               m_saved.isEmpty() ? QStringLiteral("no panels to shoot") : QString());
        return;
    }
    const QString id = m_pending.first();
    m_window.showPanel(id);
    QTimer::singleShot(kSettleMs, this, [this, id] {
        m_pending.removeFirst();
        if (!save(id + QStringLiteral(".png")))
            return;
        // Then every other main tab of the panel, as <id>-<tab>.png, so a reviewer sees what a
        // user would click through; the first tab is what <id>.png shows.
        if (QTabWidget *tabs = mainTabs(m_window.panelWidget(id)); tabs && tabs->count() > 1) {
            m_tabs.clear();
            for (int i = 1; i < tabs->count(); ++i)
                m_tabs << i;
            shootTab(id, tabs);
            return;
        }
        m_scene = 0;
        shootScene(id);
    });
}

void ScreenshotRunner::shootTab(const QString &id, QTabWidget *tabs)
{
    if (m_tabs.isEmpty()) {
        tabs->setCurrentIndex(0);
        m_scene = 0;
        shootScene(id);
        return;
    }
    const int index = m_tabs.takeFirst();
    tabs->setCurrentIndex(index);
    QTimer::singleShot(kSettleMs, this, [this, id, tabs, index] {
        if (!save(id + QLatin1Char('-') + slug(tabs->tabText(index)) + QStringLiteral(".png")))
            return;
        shootTab(id, tabs);
    });
}

void ScreenshotRunner::shootScene(const QString &id)
{
    QWidget *panel = m_window.panelWidget(id);
    int count = 0;
    if (!panel || panel->metaObject()->indexOfMethod("screenshotSceneCount()") < 0 ||
        !QMetaObject::invokeMethod(panel, "screenshotSceneCount", Qt::DirectConnection,
                                   Q_RETURN_ARG(int, count)) ||
        m_scene >= count) {
        shootNext();
        return;
    }
    QString scene;
    QMetaObject::invokeMethod(panel, "prepareScreenshotScene", Qt::DirectConnection,
                              Q_RETURN_ARG(QString, scene), Q_ARG(int, m_scene));
    if (scene.isEmpty()) {
        QString why;
        QMetaObject::invokeMethod(panel, "screenshotSceneProblem", Qt::DirectConnection,
                                  Q_RETURN_ARG(QString, why));
        finish(1, QStringLiteral("%1: scene %2 cannot be staged: %3")
                      .arg(id)
                      .arg(m_scene)
                      .arg(why.isEmpty() ? QStringLiteral("no reason given") : why));
        return;
    }
    waitForScene(id, scene, kSceneTimeoutMs / kScenePollMs);
}

void ScreenshotRunner::waitForScene(const QString &id, const QString &scene, int pollsLeft)
{
    QWidget *panel = m_window.panelWidget(id);
    bool ready = false;
    if (panel)
        QMetaObject::invokeMethod(panel, "screenshotSceneReady", Qt::DirectConnection,
                                  Q_RETURN_ARG(bool, ready));
    if (!ready) {
        if (pollsLeft <= 0) {
            QString why;
            if (panel)
                QMetaObject::invokeMethod(panel, "screenshotSceneProblem", Qt::DirectConnection,
                                          Q_RETURN_ARG(QString, why));
            finish(1, QStringLiteral("%1: scene %2 not ready after %3 ms%4")
                          .arg(id, scene)
                          .arg(kSceneTimeoutMs)
                          .arg(why.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(why)));
            return;
        }
        QTimer::singleShot(kScenePollMs, this, [this, id, scene, pollsLeft] {
            waitForScene(id, scene, pollsLeft - 1);
        });
        return;
    }
    QTimer::singleShot(kScenePaintMs, this, [this, id, scene] {
        if (!save(id + QLatin1Char('-') + scene + QStringLiteral(".png")))
            return;
        ++m_scene;
        shootScene(id);
    });
}

bool ScreenshotRunner::save(const QString &name)
{
    const QString file = QDir(m_dir).filePath(name);
    if (!m_window.grab().save(file, "PNG")) {
        finish(1, QStringLiteral("cannot write %1").arg(file));
        return false;
    }
    m_saved << file;
    std::printf("%s\n", qPrintable(file));
    std::fflush(stdout);
    return true;
}

void ScreenshotRunner::finish(int code, const QString &message)
{
    if (m_finished)
        return;
    m_finished = true;
    if (!message.isEmpty())
        std::fprintf(stderr, "backbench --screenshot-panels: %s\n", qPrintable(message));
    disconnect(&m_engine, nullptr, this, nullptr);
    QCoreApplication::exit(code);
}

} // namespace bb::app
