#include "request_tab.h"

#include "request_editor.h"
#include "response_status.h"

#include <QSplitter>
#include <QVBoxLayout>

namespace bb::plugins::endpoints {

RequestTab::RequestTab(client::HttpClient *client, QWidget *parent)
    : QWidget(parent)
{
    m_editor = new RequestEditor(this);
    m_status = new ResponseStatus(this);
    m_sender = new SendController(client, this);
    m_responseHolder = new QWidget(this);
    auto *holderLayout = new QVBoxLayout(m_responseHolder);
    holderLayout->setContentsMargins(0, 0, 0, 0);
    holderLayout->setSpacing(0);
    holderLayout->addWidget(m_status);

    m_split = new QSplitter(Qt::Vertical, this);
    m_split->setObjectName(QStringLiteral("requestResponseSplit"));
    m_split->setChildrenCollapsible(false);
    m_split->addWidget(m_editor);
    m_split->addWidget(m_responseHolder);
    m_split->setStretchFactor(0, 2);
    m_split->setStretchFactor(1, 3);
    m_split->setSizes({300, 420});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_split);

    connect(m_editor, &RequestEditor::edited, this, &RequestTab::titleChanged);
    connect(m_editor, &RequestEditor::dirtyChanged, this, &RequestTab::titleChanged);
    connect(m_editor, &RequestEditor::cancelRequested, m_sender, &SendController::cancel);
    connect(m_sender, &SendController::started, this, [this] {
        m_editor->setRunning(true);
        m_status->showRunning();
    });
    connect(m_sender, &SendController::finished, this, &RequestTab::onFinished);
}

void RequestTab::setResponseWidget(QWidget *widget)
{
    m_responseHolder->layout()->addWidget(widget);
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
    if (outcome.response.status == 0 && !outcome.error.isEmpty() && outcome.wire.url.isEmpty())
        m_status->showError(outcome.error);
    else
        m_status->showResponse(outcome.response);
    if (!outcome.unresolved.isEmpty())
        m_status->setNote(tr("Unresolved: %1").arg(outcome.unresolved.join(QStringLiteral(", "))));
}

} // namespace bb::plugins::endpoints
