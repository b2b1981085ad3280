// bb::app — `--screenshot-panels DIR`: drives a real engine, then saves a PNG of every panel.
#pragma once

#include <QObject>
#include <QStringList>
#include <QUrl>

class QNetworkAccessManager;

namespace bb::engine {
class EngineController;
}

class QTabWidget;

namespace bb::app {

class MainWindow;

/// Waits for the engine, sends a few dozen real requests in waves (so live charts have more than
/// one point), then shows each panel in turn and saves DIR/<panel-id>.png. Calls
/// QCoreApplication::exit() with 0 on success and 1 on any failure, which it prints.
///
/// Scenes: a panel whose widget has these invokables (Q_INVOKABLE, found via QMetaObject, so the
/// plugin ABI does not change) also gets DIR/<panel-id>-<scene>.png for each staged scene:
///   int screenshotSceneCount() const;
///   QString prepareScreenshotScene(int index); // starts staging; the scene's name, empty = failed
///   bool screenshotSceneReady();               // polled until true (bounded, kSceneTimeoutMs)
///   QString screenshotSceneProblem() const;    // why prepare failed (optional)
/// Scenes are staged in order after the panel's main tabs and may build on each other; they run
/// against the same live engine, so they show real responses, not mock-ups.
class ScreenshotRunner : public QObject {
    Q_OBJECT
public:
    ScreenshotRunner(MainWindow &window, engine::EngineController &engine, QString outputDir,
                     QObject *parent = nullptr);

    void start();

private:
    void onEngineState();
    void sendWave();
    void shootNext();
    /// Shoots the remaining indexes in m_tabs of `tabs`, then moves on to the next panel.
    void shootTab(const QString &id, QTabWidget *tabs);
    /// Grabs the window into DIR/name; false (and the run ends) when it cannot be written.
    bool save(const QString &name);
    /// Stages and shoots the panel's scene m_scene (see the class comment), then the next one.
    void shootScene(const QString &id);
    /// Polls screenshotSceneReady() every kScenePollMs until true or the scene times out.
    void waitForScene(const QString &id, const QString &scene, int pollsLeft);
    void finish(int code, const QString &message = {});

    MainWindow &m_window;
    engine::EngineController &m_engine;
    QString m_dir;
    QNetworkAccessManager *m_net = nullptr;
    QUrl m_base;
    QStringList m_pending; ///< panel ids still to shoot
    QStringList m_saved;
    QList<int> m_tabs; ///< tab indexes of the current panel still to shoot
    int m_scene = 0;   ///< the next scene of the current panel
    int m_wave = 0;
    int m_inFlight = 0;
    int m_answered = 0;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace bb::app
