#include "screenshot_scenes.h"

#include "body_text_view.h"
#include "body_viewer.h"
#include "endpoints_widget.h"
#include "request_editor.h"
#include "request_tab.h"
#include "response_view.h"
#include "runner_view.h"
#include "starter_workspace.h"
#include "trace_waterfall.h"
#include "workspace/workspace_store.h"

#include <QSpinBox>
#include <QTabWidget>
#include <QTreeView>

#include <functional>

namespace bb::plugins::endpoints {

namespace {
enum Scene { Pretty, Timing, Tests, Trace, Runner, SceneCount };

// Two checks that hold against the demo data and one that cannot (the engine's pages are 5
// posts), so the Tests tab shows both outcomes with Postman's assertion message.
const QString kTestScript = QStringLiteral(
    "pm.test(\"Status is 200\", () => pm.response.to.have.status(200));\n"
    "pm.test(\"Answers as JSON\", () => pm.response.to.be.json);\n"
    "pm.test(\"Returns a page of ten\", () => {\n"
    "    const body = pm.response.json();\n"
    "    const items = Array.isArray(body) ? body : (body.data || body.items || []);\n"
    "    pm.expect(items.length).to.eql(10);\n"
    "});\n");
} // namespace

ScreenshotScenes::ScreenshotScenes(EndpointsWidget &panel)
    : QObject(&panel)
    , m_panel(panel)
{
    connect(&m_panel, &EndpointsWidget::traceReady, this, [this](RequestTab *tab) {
        if (tab == m_list)
            m_listTrace = true;
    });
    connect(&m_panel, &EndpointsWidget::traceUnavailable, this,
            [this](RequestTab *tab, const QString &why) {
                if (tab == m_list)
                    m_problem = tr("no server trace for \"List posts\": %1").arg(why);
            });
}

QStringList ScreenshotScenes::names()
{
    return {QStringLiteral("response-pretty"), QStringLiteral("response-timing"),
            QStringLiteral("response-tests"), QStringLiteral("server-trace"),
            QStringLiteral("runner")};
}

QString ScreenshotScenes::findRequest(const QString &name) const
{
    if (!m_panel.store())
        return {};
    std::function<QString(const workspace::WorkspaceNode &)> walk =
        [&](const workspace::WorkspaceNode &node) -> QString {
        if (node.kind == workspace::WorkspaceNode::Kind::Request && node.name == name)
            return node.id;
        for (const auto &child : node.children) {
            if (QString id = walk(child); !id.isEmpty())
                return id;
        }
        return {};
    };
    return walk(m_panel.store()->root());
}

QString ScreenshotScenes::firstCollection() const
{
    if (!m_panel.store())
        return {};
    for (const auto &child : m_panel.store()->root().children) {
        if (child.kind == workspace::WorkspaceNode::Kind::Collection)
            return child.id;
    }
    return {};
}

void ScreenshotScenes::showResponseTab(RequestTab *tab, int responseTab)
{
    m_panel.tabs()->setCurrentWidget(tab);
    tab->response()->tabs()->setCurrentIndex(responseTab);
    // Focus where the reader looks, not a text cursor blinking in the method box.
    tab->response()->tabs()->currentWidget()->setFocus();
}

bool ScreenshotScenes::prepare(int index)
{
    m_problem.clear();
    m_scene = index;
    switch (index) {
    case Pretty: {
        const QString id = findRequest(QStringLiteral("List posts"));
        if (id.isEmpty()) {
            m_problem = tr("the workspace has no \"List posts\" request");
            return false;
        }
        m_panel.setEnvironment(kLocalEnvironment);
        m_list = m_panel.openRequest(id);
        if (!m_list) {
            m_problem = tr("cannot open %1").arg(id);
            return false;
        }
        m_panel.send(m_list);
        showResponseTab(m_list, ResponseView::BodyTab);
        return true;
    }
    case Timing:
        if (!m_list)
            break;
        showResponseTab(m_list, ResponseView::TimingTab);
        return true;
    case Tests: {
        if (!m_list)
            break;
        workspace::HttpRequest request = m_list->editor()->request();
        request.name = tr("List posts — checks");
        request.testScript = kTestScript;
        m_tests = m_panel.openNew(request);
        // The editor shows the script whose results the Tests tab lists.
        for (int i = 0; i < m_tests->editor()->tabs()->count(); ++i) {
            if (m_tests->editor()
                    ->tabs()
                    ->tabText(i)
                    .remove(QLatin1Char('&'))
                    .startsWith(QLatin1String("Scripts")))
                m_tests->editor()->tabs()->setCurrentIndex(i);
        }
        m_panel.send(m_tests);
        showResponseTab(m_tests, ResponseView::TestsTab);
        return true;
    }
    case Trace:
        if (!m_list)
            break;
        showResponseTab(m_list, ResponseView::TraceTab);
        return true;
    case Runner: {
        m_runner = qobject_cast<RunnerView *>(m_panel.openRunner(firstCollection()));
        if (!m_runner) {
            m_problem = tr("cannot open a runner for the starter collection");
            return false;
        }
        connect(m_runner, &RunnerView::runFinished, this, [this] { m_runFinished = true; });
        m_panel.tabs()->setCurrentWidget(m_runner);
        m_runner->iterationsBox()->setValue(2);
        m_runner->run();
        return true;
    }
    default:
        m_problem = tr("no scene %1").arg(index);
        return false;
    }
    m_problem = tr("scene %1 needs the \"List posts\" send of the first scene").arg(index);
    return false;
}

bool ScreenshotScenes::foldSecondItem(RequestTab *tab)
{
    BodyTextView *text = tab->response()->bodyViewer()->textView();
    const std::vector<FoldRange> &ranges = text->folds().foldable();
    // ranges[0] is the whole document; the next one is the first nested object or array (a
    // post, or the page's item list whose first child is a post). Fold the sibling after that
    // first post so the shot shows one post open and the next one folded.
    if (ranges.size() < 3)
        return ranges.size() == 2 ? text->toggleFold(ranges[1].openLine) : false;
    const FoldRange first =
        ranges[1].closeLine - ranges[1].openLine > 1 && ranges[2].openLine < ranges[1].closeLine
            ? ranges[2]
            : ranges[1];
    for (const FoldRange &r : ranges) {
        if (r.openLine > first.closeLine)
            return text->toggleFold(r.openLine);
    }
    return text->toggleFold(first.openLine);
}

bool ScreenshotScenes::selectSqlSpan(RequestTab *tab)
{
    common::TraceWaterfall *trace = tab->response()->traceWaterfall();
    const auto &spans = trace->model()->trace().spans;
    // The query itself, not the PRAGMA a freshly opened database connection runs first.
    int chosen = -1;
    for (int i = 0; i < spans.size(); ++i) {
        if (spans[i].name != QLatin1String("sql") && !spans[i].name.startsWith(QLatin1String("db")))
            continue;
        if (chosen < 0)
            chosen = i;
        if (!spans[i].detail.trimmed().startsWith(QLatin1String("PRAGMA"), Qt::CaseInsensitive)) {
            chosen = i;
            break;
        }
    }
    if (chosen < 0)
        return false;
    trace->selectSpan(chosen);
    return true;
}

bool ScreenshotScenes::isReady()
{
    switch (m_scene) {
    case Pretty: {
        if (!m_list || !m_list->lastOutcome() || m_list->sender()->isRunning())
            return false;
        BodyViewer *body = m_list->response()->bodyViewer();
        if (body->mode() != BodyViewer::Mode::Pretty || body->isPrettyRunning())
            return false;
        if (!m_folded)
            m_folded = foldSecondItem(m_list);
        return m_folded;
    }
    case Timing:
        return m_list;
    case Tests:
        return m_tests && m_tests->lastOutcome() && !m_tests->sender()->isRunning();
    case Trace:
        if (!m_list || !m_listTrace)
            return false;
        if (!m_spanSelected)
            m_spanSelected = selectSqlSpan(m_list);
        if (!m_spanSelected) {
            QStringList seen;
            for (const auto &span : m_list->response()->traceWaterfall()->model()->trace().spans)
                seen << span.name;
            m_problem = tr("the server trace of \"List posts\" has no sql span (spans: %1)")
                            .arg(seen.join(QStringLiteral(", ")));
        }
        return m_spanSelected;
    case Runner:
        if (!m_runner || !m_runFinished)
            return false;
        // Open the requests so the shot shows each one's assertions, not only a green line.
        if (auto *tree = m_runner->findChild<QTreeView *>()) {
            tree->expandAll();
            tree->setFocus();
        }
        return true;
    default:
        return false;
    }
}

} // namespace bb::plugins::endpoints
