// The Load Test panel's screenshot scenes (app/screenshot_runner.h): two short real runs
// against the live embedded engine — a closed one shown with its charts, its summary, then an
// open one compared with it.
#include "loadtest_widget.h"

#include "engine/engine_controller.h"
#include "rule_list.h"
#include "run_history.h"
#include "scenario_form.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QRadioButton>
#include <QSpinBox>
#include <QTabWidget>

namespace bb::plugins::loadtest {

namespace {
enum Scene { FinishedRun, Summary, Compare, SceneCount };
}

int LoadTestWidget::screenshotSceneCount() const
{
    return SceneCount;
}

QString LoadTestWidget::screenshotSceneProblem() const
{
    return m_sceneProblem;
}

QString LoadTestWidget::prepareScreenshotScene(int index)
{
    m_scene = index;
    m_sceneProblem.clear();
    m_sceneRunsBefore = m_history->size();
    if (index == FinishedRun || index == Compare) {
        if (!m_engine || m_engine->state() != engine::EngineController::State::Running) {
            m_sceneProblem = tr("the embedded engine is not running");
            return {};
        }
        QUrl url = m_engine->baseUrl();
        url.setPath(QStringLiteral("/api/v1/posts"));
        url.setQuery(QStringLiteral("limit=5"));
        // As "Load test this request" hands it over from the tester: with the GUI's token,
        // since resource routes need one.
        m_form->setRequest(
            {{QStringLiteral("method"), QStringLiteral("GET")},
             {QStringLiteral("url"), url.toString()},
             {QStringLiteral("name"), QStringLiteral("List posts")},
             {QStringLiteral("headers"),
              QVariantMap{{QStringLiteral("Authorization"),
                           QStringLiteral("Bearer ") + m_engine->localAdminToken()}}}});
        m_form->useStagesBox()->setChecked(false);
        m_form->durationBox()->setValue(3);
        m_form->requestCountBox()->setValue(0);
        if (index == FinishedRun) {
            m_form->closedButton()->setChecked(true);
            m_form->connectionsBox()->setValue(8);
            m_form->thresholdList()->setRules({QStringLiteral("p95<250ms"),
                                               QStringLiteral("error_rate<0.01"),
                                               QStringLiteral("rps>100000")});
            m_form->checkList()->setRules({QStringLiteral("status=200")});
        } else {
            // The same request with four times the connections: more waiting per request for
            // about the same throughput, which the comparison makes plain.
            m_form->closedButton()->setChecked(true);
            m_form->connectionsBox()->setValue(32);
        }
        if (!start()) {
            m_sceneProblem = tr("the run did not start: %1").arg(m_lastError);
            return {};
        }
        return index == FinishedRun ? QStringLiteral("finished-run")
                                    : QStringLiteral("two-runs-compared");
    }
    if (index == Summary) {
        if (!shownRun()) {
            m_sceneProblem = tr("no finished run to summarise");
            return {};
        }
        m_tabs->setCurrentIndex(SummaryTab);
        return QStringLiteral("finished-summary");
    }
    m_sceneProblem = tr("no scene %1").arg(index);
    return {};
}

bool LoadTestWidget::screenshotSceneReady()
{
    switch (m_scene) {
    case FinishedRun:
        return !isRunning() && m_history->size() > m_sceneRunsBefore;
    case Compare:
        if (isRunning() || m_history->size() <= m_sceneRunsBefore)
            return false;
        if (m_tabs->currentIndex() != CompareTab)
            compareRuns(1, 0);
        return m_history->size() >= 2;
    case Summary:
        return true;
    }
    return false;
}

} // namespace bb::plugins::loadtest
