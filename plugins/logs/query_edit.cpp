#include "query_edit.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QKeyEvent>
#include <QPainter>
#include <QPainterPath>
#include <QStringListModel>
#include <QStyle>
#include <QStyleOptionFrame>

namespace bb::plugins::logs {

namespace {
const QStringList kFixedFields{
    QStringLiteral("level"),   QStringLiteral("msg"),    QStringLiteral("ts"),
    QStringLiteral("traceId"), QStringLiteral("seq"),    QStringLiteral("method"),
    QStringLiteral("path"),    QStringLiteral("status"), QStringLiteral("durationMs")};
const QStringList kLevels{QStringLiteral("'trace'"), QStringLiteral("'debug'"),
                          QStringLiteral("'info'"),  QStringLiteral("'warn'"),
                          QStringLiteral("'error'"), QStringLiteral("'fatal'")};

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('.') ||
           c == QLatin1Char('@') || c == QLatin1Char('\'');
}
} // namespace

QueryEdit::QueryEdit(QWidget *parent)
    : QLineEdit(parent)
    , m_completer(new QCompleter(this))
    , m_words(new QStringListModel(this))
{
    setPlaceholderText(tr("Query, e.g. status>=500 && path~'/posts' (Ctrl+F)"));
    setClearButtonEnabled(true);
    m_completer->setModel(m_words);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setWidget(this);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
            &QueryEdit::insertCompletion);
    connect(this, &QLineEdit::textEdited, this, [this] {
        setError(-1, {});
        updateCompletion();
    });
    setFieldNames({});
}

void QueryEdit::setFieldNames(const QStringList &names)
{
    QStringList all = kFixedFields;
    for (const QString &n : names) {
        if (!all.contains(n))
            all.append(n);
    }
    if (all == m_fields)
        return;
    m_fields = all;
}

QStringList QueryEdit::completions() const
{
    return m_words->stringList();
}

QString QueryEdit::wordBeforeCursor(int *start) const
{
    const QString t = text();
    int i = cursorPosition();
    const int end = i;
    while (i > 0 && isWordChar(t[i - 1]))
        --i;
    *start = i;
    return t.mid(i, end - i);
}

void QueryEdit::updateCompletion()
{
    int start = 0;
    const QString word = wordBeforeCursor(&start);
    if (word.isEmpty()) {
        m_completer->popup()->hide();
        return;
    }
    // After a comparison on `level`, offer the level literals; elsewhere the field names.
    const QString before = text().left(start).trimmed();
    static const QRegularExpression levelOp(QStringLiteral("level\\s*(=|!=|>=|<=|>|<)$"));
    const bool levelValue = levelOp.match(before).hasMatch();
    const QStringList &pool = levelValue ? kLevels : m_fields;
    QStringList words;
    for (const QString &w : pool) {
        if (w.startsWith(word, Qt::CaseInsensitive) && w != word)
            words.append(w);
    }
    m_words->setStringList(words);
    if (words.isEmpty()) {
        m_completer->popup()->hide();
        return;
    }
    m_completer->setCompletionPrefix(QString());
    QRect r = cursorRect();
    r.setWidth(220);
    m_completer->complete(r);
}

void QueryEdit::insertCompletion(const QString &completion)
{
    int start = 0;
    wordBeforeCursor(&start);
    const QString t = text();
    setText(t.left(start) + completion + t.mid(cursorPosition()));
    setCursorPosition(start + int(completion.size()));
}

void QueryEdit::keyPressEvent(QKeyEvent *event)
{
    if (m_completer->popup()->isVisible()) {
        switch (event->key()) {
        case Qt::Key_Enter:
        case Qt::Key_Return:
        case Qt::Key_Tab:
        case Qt::Key_Escape:
            event->ignore(); // the completer's popup handles them
            return;
        default:
            break;
        }
    }
    QLineEdit::keyPressEvent(event);
}

void QueryEdit::setError(int position, const QString &message)
{
    m_errorPos = position;
    m_errorMessage = message;
    setToolTip(position < 0 ? QString() : tr("Column %1: %2").arg(position + 1).arg(message));
    update();
}

void QueryEdit::paintEvent(QPaintEvent *event)
{
    QLineEdit::paintEvent(event);
    if (m_errorPos < 0)
        return;
    // A red wavy underline from the error to the end of its word (at least one character).
    const QString t = text();
    const int from = qMin<int>(m_errorPos, int(t.size()));
    int to = from;
    while (to < t.size() && !t[to].isSpace())
        ++to;
    if (to == from)
        to = from + 1;
    QStyleOptionFrame option;
    initStyleOption(&option);
    const QRect contents = style()->subElementRect(QStyle::SE_LineEditContents, &option, this);
    const QFontMetrics fm(font());
    // cursorRect() gives the x of the cursor; measure from it to place the mark.
    const int cursorX = cursorRect().center().x();
    const int x0 = cursorX + fm.horizontalAdvance(t.mid(0, from)) -
                   fm.horizontalAdvance(t.mid(0, cursorPosition()));
    const int x1 = x0 + qMax(fm.horizontalAdvance(t.mid(from, to - from)), fm.averageCharWidth());
    const int y = contents.center().y() + fm.height() / 2;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(QColor(0xe0, 0x2f, 0x44), 1.2));
    QPainterPath path;
    path.moveTo(x0, y);
    for (int x = x0; x < x1; x += 4) {
        path.lineTo(x + 2, y + 2);
        path.lineTo(qMin(x + 4, x1), y);
    }
    p.drawPath(path);
}

} // namespace bb::plugins::logs
