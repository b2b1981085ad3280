// bb::plugins::endpoints — the scenes `backbench --screenshot-panels` shoots of this panel: a
// real send of the starter "List posts" to the embedded engine, shown as pretty JSON with a fold,
// its timing, a tests run with a failing check, its server trace and a two-iteration run of the
// starter collection. Driven through EndpointsWidget's screenshot* invokables (see
// app/screenshot_runner.h for the convention).
#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>

namespace bb::plugins::endpoints {

class EndpointsWidget;
class RequestTab;
class RunnerView;

class ScreenshotScenes : public QObject {
    Q_OBJECT
public:
    explicit ScreenshotScenes(EndpointsWidget &panel);

    /// The scene names, in the order they are staged (each builds on the ones before).
    static QStringList names();
    /// Starts staging scene `index`; false with problem() set when it cannot be staged.
    bool prepare(int index);
    /// True once the staged scene shows what it is meant to (sends, trace, run finished).
    /// Polled by the screenshot runner; finishes the last step (a fold, a span selection) that
    /// needs the asynchronous result first.
    bool isReady();
    QString problem() const { return m_problem; }

private:
    /// The id of the first request named `name` in the workspace tree, or empty.
    QString findRequest(const QString &name) const;
    QString firstCollection() const;
    void showResponseTab(RequestTab *tab, int responseTab);
    bool foldSecondItem(RequestTab *tab);
    bool selectSqlSpan(RequestTab *tab);

    EndpointsWidget &m_panel;
    int m_scene = -1;
    QPointer<RequestTab> m_list;  ///< "List posts", sent once
    QPointer<RequestTab> m_tests; ///< its copy with a tests script
    QPointer<RunnerView> m_runner;
    bool m_listTrace = false;
    bool m_folded = false;
    bool m_spanSelected = false;
    bool m_runFinished = false;
    QString m_problem;
};

} // namespace bb::plugins::endpoints
