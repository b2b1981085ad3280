#include "request_tab.h"

#include "request_editor.h"
#include "response_view.h"
#include "test_row.h"

#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>

namespace bb::plugins::endpoints {

RequestTab::RequestTab(client::HttpClient *client, QWidget *parent)
    : QWidget(parent)
{
    m_editor = new RequestEditor(this);
    m_response = new ResponseView(this);
    m_sender = new SendController(client, this);

    m_split = new QSplitter(Qt::Vertical, this);
    m_split->setObjectName(QStringLiteral("requestResponseSplit"));
    m_split->setChildrenCollapsible(false);
    m_split->addWidget(m_editor);
    m_split->addWidget(m_response);
    m_split->setStretchFactor(0, 2);
    m_split->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_split);

    connect(m_editor, &RequestEditor::edited, this, &RequestTab::titleChanged);
    connect(m_editor, &RequestEditor::dirtyChanged, this, &RequestTab::titleChanged);
    connect(m_editor, &RequestEditor::cancelRequested, m_sender, &SendController::cancel);
    connect(m_sender, &SendController::started, this, [this] {
        m_editor->setRunning(true);
        m_response->showRunning();
    });
    connect(m_sender, &SendController::finished, this, &RequestTab::onFinished);
    // splitterMoved fires for the user's drags only (not setSizes): their choice then wins.
    connect(m_split, &QSplitter::splitterMoved, this, [this] { m_userSized = true; });
}

void RequestTab::giveResponseRoom()
{
    if (m_userSized || m_responseSized || !isVisible())
        return;
    m_responseSized = true;
    const QList<int> sizes = m_split->sizes();
    const int total = sizes.value(0) + sizes.value(1);
    // The URL bar, the editor's tabs and about three rows stay visible; the rest goes to the
    // response, which is what one reads after a send.
    const int editor = std::max(total * 3 / 10, m_editor->minimumSizeHint().height());
    if (editor < sizes.value(0))
        m_split->setSizes({editor, total - editor});
}

void RequestTab::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_sized || height() < 200)
        return;
    m_sized = true;
    const int editor = height() * 2 / 5;
    m_split->setSizes({editor, height() - editor});
}

QString RequestTab::title() const
{
    const workspace::HttpRequest r = m_editor->request();
    if (!r.name.isEmpty())
        return r.name;
    if (r.url.isEmpty())
        return tr("Untitled request");
    QString url = r.url;
    if (url.size() > 32)
        url = url.left(14) + QStringLiteral("…") + url.right(16);
    return QStringLiteral("%1 %2").arg(r.method, url);
}

void RequestTab::onFinished(const SendOutcome &outcome)
{
    m_editor->setRunning(false);
    m_last = outcome;
    client::HttpResponse shown = outcome.response;
    if (!outcome.cancelled && shown.status == 0 && shown.error.isEmpty() &&
        !outcome.error.isEmpty()) {
        // Never sent (a bad URL, a failing pre-request script, a missing file): say why.
        shown.error = tr("Not sent: %1").arg(outcome.error);
        if (!outcome.unresolved.isEmpty())
            shown.error +=
                tr(" (undefined: %1)").arg(outcome.unresolved.join(QStringLiteral(", ")));
    }
    m_response->setResponse(shown);
    if (shown.status != 0)
        giveResponseRoom();
    QList<TestRow> rows;
    for (const tester::TestResult &t : outcome.tests)
        rows.append({t.name, t.passed, t.skipped ? tr("skipped") : t.error});
    if (!outcome.scriptError.isEmpty())
        rows.append({tr("Script error"), false, outcome.scriptError});
    for (const QString &line : outcome.console)
        rows.append({tr("console: %1").arg(line), true, QString()});
    m_response->setTests(rows);
}

} // namespace bb::plugins::endpoints
