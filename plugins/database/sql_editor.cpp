#include "sql_editor.h"

#include "code_highlighter.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QFontDatabase>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QScrollBar>
#include <QStringListModel>
#include <QTextBlock>
#include <QToolTip>

namespace bb::plugins::database {

SqlEditor::SqlEditor(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_completer(new QCompleter(this))
    , m_candidates(new QStringListModel(this))
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTabStopDistance(fontMetrics().horizontalAdvance(QLatin1Char(' ')) * 4);
    setPlaceholderText(tr("SELECT * FROM …   (Ctrl+Enter runs the statement under the cursor, "
                          "Ctrl+Shift+Enter runs all, Esc cancels)"));
    attachHighlighter(document(), QStringLiteral("SQL"));

    m_completer->setModel(m_candidates);
    m_completer->setWidget(this);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setModelSorting(QCompleter::CaseInsensitivelySortedModel);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
            &SqlEditor::insertCompletion);
    // An edit anywhere invalidates the error's position.
    connect(this, &QPlainTextEdit::textChanged, this, [this] {
        if (m_errorOffset >= 0)
            markError(-1, {});
    });
}

bool SqlEditor::showCompletions()
{
    const QString text = toPlainText();
    const int cursor = textCursor().position();
    const Completion c = m_completion.at(text, cursor);
    if (c.candidates.isEmpty()) {
        m_completer->popup()->hide();
        return false;
    }
    m_prefixStart = c.prefixStart;
    m_candidates->setStringList(c.candidates);
    m_completer->setCompletionPrefix(c.prefix);
    QRect rect = cursorRect();
    rect.setWidth(m_completer->popup()->sizeHintForColumn(0) +
                  m_completer->popup()->verticalScrollBar()->sizeHint().width() + 8);
    m_completer->complete(rect);
    m_completer->popup()->setCurrentIndex(m_completer->completionModel()->index(0, 0));
    return true;
}

void SqlEditor::insertCompletion(const QString &completion)
{
    QTextCursor cursor = textCursor();
    cursor.setPosition(m_prefixStart);
    cursor.setPosition(textCursor().position(), QTextCursor::KeepAnchor);
    cursor.insertText(completion);
    setTextCursor(cursor);
}

void SqlEditor::keyPressEvent(QKeyEvent *event)
{
    if (m_completer->popup()->isVisible()) {
        switch (event->key()) {
        case Qt::Key_Enter:
        case Qt::Key_Return:
        case Qt::Key_Tab:
        case Qt::Key_Escape:
        case Qt::Key_Backtab:
            if (!(event->modifiers() & Qt::ControlModifier)) {
                event->ignore(); // the completer's popup takes them
                return;
            }
            break;
        default:
            break;
        }
    }
    if (event->key() == Qt::Key_Space && (event->modifiers() & Qt::ControlModifier)) {
        showCompletions();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);

    const QString typed = event->text();
    if (typed.isEmpty() || (event->modifiers() & (Qt::ControlModifier | Qt::AltModifier))) {
        if (m_completer->popup()->isVisible())
            showCompletions();
        return;
    }
    const QChar last = typed.back();
    const Completion c = m_completion.at(toPlainText(), textCursor().position());
    // After `name.`, or once two letters of a word are typed, offer what fits.
    if (last == QLatin1Char('.') || (last.isLetterOrNumber() && c.prefix.size() >= 2) ||
        (m_completer->popup()->isVisible() && (last.isLetterOrNumber() || last == u'_')))
        showCompletions();
    else
        m_completer->popup()->hide();
}

void SqlEditor::markError(int offset, const QString &message)
{
    m_errorOffset = offset;
    m_errorMessage = message;
    QList<QTextEdit::ExtraSelection> marks;
    if (offset >= 0) {
        const QString text = toPlainText();
        offset = std::min<int>(offset, std::max<int>(0, int(text.size()) - 1));
        int end = offset;
        while (end < text.size() && (text[end].isLetterOrNumber() || text[end] == u'_'))
            ++end;
        if (end == offset)
            end = std::min<int>(offset + 1, int(text.size()));
        m_errorLength = end - offset;
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(document());
        mark.cursor.setPosition(offset);
        mark.cursor.setPosition(end, QTextCursor::KeepAnchor);
        mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        mark.format.setUnderlineColor(QColor(0xcf, 0x22, 0x2e));
        mark.format.setToolTip(message);
        marks << mark;
    }
    // Setting selections does not change the text, so the textChanged hook stays quiet.
    const QSignalBlocker block(this);
    setExtraSelections(marks);
}

bool SqlEditor::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip && m_errorOffset >= 0) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int pos = cursorForPosition(help->pos()).position();
        if (pos >= m_errorOffset && pos <= m_errorOffset + m_errorLength) {
            QToolTip::showText(help->globalPos(), m_errorMessage, this);
            return true;
        }
    }
    return QPlainTextEdit::event(event);
}

} // namespace bb::plugins::database
