// LogsWidget: the scenes `backbench --screenshot-panels` shoots (app/screenshot_runner.h), on
// the embedded engine's real log lines from the runner's requests.
#include "logs_widget.h"

#include "log_details.h"
#include "logview/log_table_model.h"
#include "query_edit.h"
#include "trace_waterfall.h"

#include <QTabBar>
#include <QTableView>

namespace bb::plugins::logs {

namespace {
const QStringList kScenes{QStringLiteral("tail"), QStringLiteral("query"), QStringLiteral("trace")};
}

int LogsWidget::screenshotSceneCount() const
{
    return int(kScenes.size());
}

QString LogsWidget::prepareScreenshotScene(int index)
{
    m_scene = index;
    m_sceneProblem.clear();
    switch (index) {
    case 0:
        if (m_kind != SourceKind::Engine || !m_source)
            useEngineSource();
        m_query->clear();
        applyQuery();
        // The newest line, selected: its fields fill the details pane.
        if (m_model->rowCount() > 0) {
            m_view->selectRow(m_model->rowCount() - 1);
            m_view->scrollToBottom();
        }
        break;
    case 1:
        m_query->setText(QStringLiteral("path~'/posts' || status>=400"));
        if (!applyQuery()) {
            m_sceneProblem = m_query->errorMessage();
            return {};
        }
        break;
    case 2: {
        // The newest successful read of posts (its trace has SQL spans), else any line with a
        // trace id.
        int row = -1, any = -1;
        for (int r = m_model->rowCount() - 1; r >= 0 && row < 0; --r) {
            const logview::LogLine &line = m_model->lineAt(r);
            if (line.traceId().empty())
                continue;
            if (any < 0)
                any = r;
            if (m_model->fieldText(line, QStringLiteral("path"))
                    .startsWith(QLatin1String("/api/v1/posts")) &&
                m_model->fieldText(line, QStringLiteral("status")) == QLatin1String("200") &&
                m_model->fieldText(line, QStringLiteral("method")) == QLatin1String("GET"))
                row = r;
        }
        if (row < 0)
            row = any;
        if (row < 0) {
            m_sceneProblem = tr("no line with a trace id");
            return {};
        }
        m_view->selectRow(row);
        m_view->scrollTo(m_model->index(row, 0));
        m_details->tabs()->setCurrentIndex(LogDetails::TraceTab);
        break;
    }
    default:
        m_sceneProblem = tr("no scene %1").arg(index);
        return {};
    }
    return kScenes.value(index);
}

bool LogsWidget::screenshotSceneReady()
{
    switch (m_scene) {
    case 0:
        if (m_model->rowCount() < 10 || m_model->isRefiltering())
            return false;
        // The newest line, selected: its fields fill the details pane.
        if (!m_view->currentIndex().isValid()) {
            m_view->selectRow(m_model->rowCount() - 1);
            m_view->scrollToBottom();
        }
        return true;
    case 1:
        return !m_model->isRefiltering() && m_model->rowCount() > 0;
    case 2: {
        if (!m_details->waterfall()->isShowingTrace())
            return false;
        // Its SQL span selected, as a reader would click it; ready once its detail shows.
        if (m_details->waterfall()->detailText().startsWith(QLatin1String("sql")))
            return true;
        const auto &spans = m_details->waterfall()->model()->trace().spans;
        for (int i = 0; i < spans.size(); ++i) {
            if (spans[i].name == QLatin1String("sql")) {
                m_details->waterfall()->selectSpan(i);
                return false;
            }
        }
        return true; // a trace without SQL
    }
    default:
        return true;
    }
}

QString LogsWidget::screenshotSceneProblem() const
{
    return m_sceneProblem;
}

} // namespace bb::plugins::logs
