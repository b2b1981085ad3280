#include "graphql_completer.h"

#include "client/http_client.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QKeyEvent>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QStringListModel>
#include <QTextBlock>
#include <QTimer>

namespace bb::endpoints {

namespace {
bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}
} // namespace

GraphQlCompleter::GraphQlCompleter(QPlainTextEdit *editor, client::HttpClient *client,
                                   QObject *parent)
    : QObject(parent ? parent : editor)
    , m_editor(editor)
    , m_client(client)
    , m_completer(new QCompleter(this))
    , m_model(new QStringListModel(this))
{
    m_completer->setModel(m_model);
    m_completer->setWidget(editor);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setModelSorting(QCompleter::UnsortedModel);
    m_completer->popup()->setObjectName("graphQlCompletions");
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
            &GraphQlCompleter::insertCompletion);
    editor->installEventFilter(this);
    // Installed after QCompleter's own filter, so it runs first: QCompleter hands the popup's
    // keys to the editor with a direct event() call that no editor filter sees, and Return
    // would become a new line as well as the completion.
    m_completer->popup()->installEventFilter(this);
    // Typed text reaches the editor by more than one path (the popup forwards keys directly);
    // the document's change signal sees every one of them.
    connect(editor->document(), &QTextDocument::contentsChange, this,
            &GraphQlCompleter::onContentsChange);
}

void GraphQlCompleter::fetchSchema(const QString &url, const client::HeaderList &headers,
                                   const client::HttpRequest &transport)
{
    client::HttpRequest req = transport;
    req.method = "POST";
    req.url = url;
    req.headers = headers;
    req.headers.append({QByteArray("Content-Type"), QByteArray("application/json")});
    req.headers.append({QByteArray("Accept"), QByteArray("application/json")});
    req.body = {};
    req.body.kind = client::RequestBody::Kind::Bytes;
    req.body.bytes = client::GraphQlSchema::introspectionRequestBody();
    if (req.timeoutMs <= 0)
        req.timeoutMs = 30000;
    m_client->send(req, this, [this](const client::HttpResponse &r) {
        if (!r.ok()) {
            emit schemaFailed(tr("introspection request failed: %1").arg(r.error));
            return;
        }
        if (r.status < 200 || r.status >= 300) {
            // GraphQL servers often explain a refusal in an "errors" body; parse gives that.
            const auto parsed = client::GraphQlSchema::parse(r.body);
            emit schemaFailed(
                tr("introspection answered %1%2")
                    .arg(r.status)
                    .arg(parsed ? QString() : QStringLiteral(": ") + parsed.error().message));
            return;
        }
        auto parsed = client::GraphQlSchema::parse(r.body);
        if (!parsed) {
            emit schemaFailed(parsed.error().message);
            return;
        }
        setSchema(*parsed);
    });
}

void GraphQlCompleter::setSchema(const client::GraphQlSchema &schema)
{
    m_schema = schema;
    emit schemaLoaded();
}

QString GraphQlCompleter::wordBeforeCursor() const
{
    const QTextCursor cursor = m_editor->textCursor();
    const QString line = cursor.block().text();
    int start = cursor.positionInBlock();
    const int end = start;
    while (start > 0 && isNameChar(line[start - 1]))
        --start;
    return line.mid(start, end - start);
}

bool GraphQlCompleter::complete()
{
    if (!m_schema)
        return false;
    const QString text = m_editor->toPlainText();
    const int cursor = m_editor->textCursor().position();
    const QStringList options = m_schema->completions(text, cursor);
    if (options.isEmpty()) {
        m_completer->popup()->hide();
        return false;
    }
    m_model->setStringList(options);
    m_completer->setCompletionPrefix(wordBeforeCursor());
    if (m_completer->completionCount() == 0) {
        m_completer->popup()->hide();
        return false;
    }
    m_completer->popup()->setCurrentIndex(m_completer->completionModel()->index(0, 0));
    QRect rect = m_editor->cursorRect();
    rect.setWidth(m_completer->popup()->sizeHintForColumn(0) +
                  m_completer->popup()->verticalScrollBar()->sizeHint().width());
    m_completer->complete(rect);
    return true;
}

void GraphQlCompleter::onContentsChange(int position, int removed, int added)
{
    if (m_inserting || !m_schema || !m_editor->hasFocus())
        return;
    const bool popupOpen = m_completer->popup()->isVisible();
    if (added == 1 && removed == 0) {
        const QChar c = m_editor->document()->characterAt(position);
        // Where a new word starts: a selection set, arguments, a value after ':', a list.
        if (c == QLatin1Char('{') || c == QLatin1Char('(') || c == QLatin1Char(':') ||
            c == QLatin1Char('[') || c.isSpace() || c == QChar::ParagraphSeparator) {
            // After the editor has finished handling the key (and moved its cursor).
            QTimer::singleShot(0, this, [this] { complete(); });
            return;
        }
    }
    if (popupOpen) // narrow (or close) the open list as the word grows or shrinks
        QTimer::singleShot(0, this, [this] {
            if (m_completer->popup()->isVisible())
                complete();
        });
}

void GraphQlCompleter::insertCompletion(const QString &completion)
{
    m_inserting = true;
    QTextCursor cursor = m_editor->textCursor();
    const int typed = int(wordBeforeCursor().size());
    cursor.movePosition(QTextCursor::Left, QTextCursor::KeepAnchor, typed);
    cursor.insertText(completion);
    m_editor->setTextCursor(cursor);
    m_inserting = false;
}

bool GraphQlCompleter::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QObject::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    if (watched == m_completer->popup()) {
        switch (key->key()) {
        case Qt::Key_Return:
        case Qt::Key_Enter:
        case Qt::Key_Tab: {
            const QModelIndex current = m_completer->popup()->currentIndex();
            m_completer->popup()->hide();
            if (current.isValid())
                insertCompletion(current.data().toString());
            return true;
        }
        case Qt::Key_Escape:
            m_completer->popup()->hide();
            return true;
        default:
            return false;
        }
    }
    if (watched == m_editor && key->key() == Qt::Key_Space &&
        (key->modifiers() & Qt::ControlModifier)) {
        complete();
        return true;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace bb::endpoints
