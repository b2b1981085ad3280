#include "body_text_view.h"

#include "worker_pool.h"
#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>

namespace bb::plugins::endpoints {

namespace {

constexpr int kFoldMarkerWidth = 14;

enum ColorSlot {
    TextSlot,
    KeySlot,
    StringSlot,
    NumberSlot,
    LiteralSlot,
    PunctuationSlot,
    TagSlot,
    AttributeSlot,
    CommentSlot,
    SlotCount
};

int slotFor(TokenKind kind)
{
    switch (kind) {
    case TokenKind::Key:
        return KeySlot;
    case TokenKind::String:
        return StringSlot;
    case TokenKind::Number:
        return NumberSlot;
    case TokenKind::Literal:
        return LiteralSlot;
    case TokenKind::Punctuation:
        return PunctuationSlot;
    case TokenKind::Tag:
        return TagSlot;
    case TokenKind::Attribute:
        return AttributeSlot;
    case TokenKind::Comment:
        return CommentSlot;
    }
    return TextSlot;
}

/// Token colours picked for contrast with the palette's base (light or dark).
void tokenColors(const QPalette &pal, QColor *out)
{
    const bool dark = pal.color(QPalette::Base).lightness() < 128;
    out[TextSlot] = pal.color(QPalette::Text);
    out[KeySlot] = dark ? QColor(0x9c, 0xdc, 0xfe) : QColor(0x00, 0x45, 0x9e);
    out[StringSlot] = dark ? QColor(0xce, 0x91, 0x78) : QColor(0xa3, 0x15, 0x15);
    out[NumberSlot] = dark ? QColor(0xb5, 0xce, 0xa8) : QColor(0x09, 0x86, 0x58);
    out[LiteralSlot] = dark ? QColor(0x56, 0x9c, 0xd6) : QColor(0x00, 0x00, 0xff);
    out[PunctuationSlot] = pal.color(QPalette::PlaceholderText);
    out[TagSlot] = out[KeySlot];
    out[AttributeSlot] = out[NumberSlot];
    out[CommentSlot] = pal.color(QPalette::PlaceholderText);
}

/// Byte length of the first `chars` QChars of `text` once encoded as UTF-8.
qint64 utf8Length(const QString &text, qsizetype chars)
{
    return QStringView(text).left(chars).toUtf8().size();
}

/// QChar index of byte offset `bytes` in the UTF-8 text `utf8`.
int charIndexOfByte(QByteArrayView utf8, qint64 bytes)
{
    bytes = std::clamp<qint64>(bytes, 0, utf8.size());
    return int(QString::fromUtf8(utf8.first(bytes)).size());
}

} // namespace

BodyTextView::BodyTextView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    viewport()->setCursor(Qt::IBeamCursor);
    setFocusPolicy(Qt::StrongFocus);
    updateMetrics();
}

void BodyTextView::setDocument(BodyDocument *document, Syntax syntax, std::vector<FoldRange> folds)
{
    if (m_doc)
        disconnect(m_doc, nullptr, this, nullptr);
    m_doc = document;
    m_syntax = syntax;
    m_folds.setFoldable(std::move(folds));
    m_matches = nullptr;
    m_current = -1;
    m_anchor = m_cursor = 0;
    if (m_doc) {
        connect(m_doc, &BodyDocument::segmentsAdded, this, [this] {
            if (m_folds.foldedCount() > 0)
                m_folds.rebuild(*m_doc);
            updateScrollBars();
            viewport()->update();
        });
    }
    verticalScrollBar()->setValue(0);
    horizontalScrollBar()->setValue(0);
    updateScrollBars();
    viewport()->update();
}

bool BodyTextView::toggleFold(qint64 line)
{
    if (!m_doc || !m_folds.toggle(line, *m_doc))
        return false;
    updateScrollBars();
    viewport()->update();
    emit foldsChanged();
    return true;
}

void BodyTextView::unfoldAll()
{
    if (!m_doc)
        return;
    m_folds.unfoldAll(*m_doc);
    updateScrollBars();
    viewport()->update();
    emit foldsChanged();
}

void BodyTextView::setMatches(const std::vector<qint64> *matches, qint64 length)
{
    m_matches = matches;
    m_matchLength = length;
    m_current = -1;
    viewport()->update();
}

void BodyTextView::setCurrentMatch(qint64 offset)
{
    m_current = offset;
    scrollToOffset(offset);
    // Bring the match's column into view too: a minified body is cut into long segments.
    if (m_doc && offset >= 0) {
        const qint64 seg = m_doc->segmentAt(offset);
        const QByteArrayView bytes = m_doc->segmentBytes(seg);
        const int col = charIndexOfByte(bytes, offset - m_doc->segmentStart(seg));
        const int x = col * m_charWidth;
        QScrollBar *h = horizontalScrollBar();
        const int visible = viewport()->width() - textX();
        if (x < h->value() || x > h->value() + visible - 4 * m_charWidth)
            h->setValue(std::max(0, x - visible / 3));
    }
    viewport()->update();
}

void BodyTextView::scrollToOffset(qint64 offset)
{
    if (!m_doc || m_doc->segmentCount() == 0)
        return;
    const qint64 seg = m_doc->segmentAt(offset);
    if (m_folds.reveal(seg, *m_doc)) {
        updateScrollBars();
        emit foldsChanged();
    }
    const qint64 row = m_folds.rowForSegment(seg);
    const qint64 first = firstVisibleRow();
    if (row < first || row >= first + rowsPerPage() - 1)
        verticalScrollBar()->setValue(int(std::max<qint64>(0, row - rowsPerPage() / 3)));
}

void BodyTextView::scrollToEnd()
{
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}

qint64 BodyTextView::rowCount() const
{
    return m_doc ? m_folds.visibleRows(m_doc->segmentCount()) : 0;
}

qint64 BodyTextView::firstVisibleRow() const
{
    return verticalScrollBar()->value();
}

int BodyTextView::rowsPerPage() const
{
    return std::max(1, viewport()->height() / m_lineHeight);
}

QString BodyTextView::segmentText(qint64 segment) const
{
    QString text = QString::fromUtf8(m_doc->segmentBytes(segment));
    // One QChar for one QChar: tabs and control characters would otherwise break the
    // monospace column arithmetic.
    for (QChar &c : text)
        if (c.unicode() < 0x20)
            c = c == QLatin1Char('\t') ? QLatin1Char(' ') : QChar(0x00B7);
    return text;
}

QString BodyTextView::rowText(qint64 row) const
{
    if (!m_doc || row < 0 || row >= rowCount())
        return {};
    return segmentText(m_folds.segmentForRow(row));
}

QString BodyTextView::gutterLabel(qint64 row) const
{
    if (!m_doc || row < 0 || row >= rowCount())
        return {};
    const qint64 seg = m_folds.segmentForRow(row);
    return m_doc->isContinuation(seg) ? QString() : QString::number(m_doc->lineOf(seg) + 1);
}

void BodyTextView::setSelection(qint64 from, qint64 to)
{
    const qint64 size = m_doc ? m_doc->size() : 0;
    m_anchor = std::clamp<qint64>(from, 0, size);
    m_cursor = std::clamp<qint64>(to, 0, size);
    viewport()->update();
}

void BodyTextView::selectAll()
{
    setSelection(0, m_doc ? m_doc->size() : 0);
}

void BodyTextView::copy()
{
    if (!m_doc)
        return;
    const qint64 len = selectionEnd() - selectionStart();
    if (len <= 0)
        return;
    if (len > kMaxCopyBytes) {
        emit message(tr("The selection is %1 MB: copying is limited to %2 MB. Use Save body… "
                        "to keep the whole body.")
                         .arg(double(len) / (1024 * 1024), 0, 'f', 1)
                         .arg(kMaxCopyBytes / (1024 * 1024)));
        return;
    }
    BodySourcePtr src = m_doc->source();
    const qint64 from = selectionStart();
    if (len <= kSyncCopyBytes) {
        QApplication::clipboard()->setText(QString::fromUtf8(src->view(from, len)));
        emit copied(len);
        return;
    }
    // Decoding tens of MB takes long enough to be felt; the clipboard itself must be set on
    // the GUI thread, once the text is ready.
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, len] {
        QApplication::clipboard()->setText(watcher->result());
        watcher->deleteLater();
        emit copied(len);
    });
    emit message(tr("Copying %1 MB…").arg(double(len) / (1024 * 1024), 0, 'f', 1));
    watcher->setFuture(
        runBodyTask([src, from, len] { return QString::fromUtf8(src->view(from, len)); }));
}

void BodyTextView::updateMetrics()
{
    const QFontMetrics fm(font());
    m_charWidth = std::max(1, fm.horizontalAdvance(QLatin1Char('M')));
    m_lineHeight = std::max(1, fm.height());
    m_ascent = fm.ascent();
}

int BodyTextView::gutterWidth() const
{
    const qint64 lines = m_doc ? std::max<qint64>(1, m_doc->lineCount()) : 1;
    const int digits = int(QString::number(lines).size());
    return 8 + digits * m_charWidth + (m_folds.foldable().empty() ? 0 : kFoldMarkerWidth);
}

void BodyTextView::updateScrollBars()
{
    QScrollBar *v = verticalScrollBar();
    const qint64 rows = rowCount();
    v->setRange(0, int(std::min<qint64>(INT_MAX, std::max<qint64>(0, rows - rowsPerPage() + 1))));
    v->setPageStep(rowsPerPage());
    v->setSingleStep(1);
    QScrollBar *h = horizontalScrollBar();
    const qint64 longest = m_doc ? m_doc->longestSegmentBytes() : 0;
    const int width = int(std::min<qint64>(INT_MAX / 2, longest * m_charWidth + 8 * m_charWidth));
    h->setRange(0, std::max(0, width - (viewport()->width() - textX())));
    h->setPageStep(viewport()->width());
    h->setSingleStep(m_charWidth * 4);
}

void BodyTextView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void BodyTextView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange) {
        updateMetrics();
        updateScrollBars();
    }
    QAbstractScrollArea::changeEvent(event);
}

void BodyTextView::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    viewport()->update();
}

void BodyTextView::paintEvent(QPaintEvent *)
{
    QPainter p(viewport());
    const QPalette &pal = palette();
    p.fillRect(viewport()->rect(), pal.color(QPalette::Base));
    if (!m_doc) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.setFont(QGuiApplication::font()); // a hint in prose, not in the body's fixed font
        p.drawText(viewport()->rect().adjusted(12, 12, -12, -12),
                   Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }
    QColor colors[SlotCount];
    tokenColors(pal, colors);
    p.setFont(font());
    const qint64 first = firstVisibleRow();
    const qint64 last = std::min(rowCount(), first + rowsPerPage() + 1);
    const int gw = gutterWidth();
    p.save();
    p.setClipRect(QRect(gw, 0, viewport()->width() - gw, viewport()->height()));
    for (qint64 row = first; row < last; ++row)
        paintRow(p, row, int(row - first) * m_lineHeight, colors);
    p.restore();

    // The gutter stays put while the text scrolls sideways.
    p.fillRect(QRect(0, 0, gw, viewport()->height()), pal.color(QPalette::AlternateBase));
    p.setPen(pal.color(QPalette::PlaceholderText));
    const int numberRight = gw - 4 - (m_folds.foldable().empty() ? 0 : kFoldMarkerWidth);
    for (qint64 row = first; row < last; ++row) {
        const int y = int(row - first) * m_lineHeight;
        const qint64 seg = m_folds.segmentForRow(row);
        if (m_doc->isContinuation(seg)) {
            p.drawText(QRect(0, y, numberRight, m_lineHeight), Qt::AlignRight | Qt::AlignVCenter,
                       QStringLiteral("↪"));
            continue;
        }
        const qint64 line = m_doc->lineOf(seg);
        p.drawText(QRect(0, y, numberRight, m_lineHeight), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(line + 1));
        if (m_folds.foldAt(line))
            p.drawText(QRect(numberRight + 2, y, kFoldMarkerWidth, m_lineHeight), Qt::AlignCenter,
                       m_folds.isFolded(line) ? QStringLiteral("▸") : QStringLiteral("▾"));
    }
}

void BodyTextView::paintRow(QPainter &p, qint64 row, int y, const QColor *colors)
{
    const qint64 seg = m_folds.segmentForRow(row);
    const qint64 segStart = m_doc->segmentStart(seg);
    const qint64 segEnd = m_doc->segmentEnd(seg);
    const QByteArrayView bytes = m_doc->segmentBytes(seg);
    const QString text = segmentText(seg);
    const int x0 = textX() - horizontalScrollBar()->value();
    auto span = [&](qint64 from, qint64 to, const QColor &color) {
        const qint64 a = std::max(from, segStart), b = std::min(to, segEnd);
        if (a > b || (a == b && to > from))
            return;
        const int ca = charIndexOfByte(bytes, a - segStart);
        const int cb = charIndexOfByte(bytes, b - segStart);
        const int extra =
            (to > segEnd && !(seg + 1 < m_doc->segmentCount() && m_doc->isContinuation(seg + 1)))
                ? m_charWidth / 2 // the selected line break
                : 0;
        p.fillRect(QRect(x0 + ca * m_charWidth, y, (cb - ca) * m_charWidth + extra, m_lineHeight),
                   color);
    };
    // Backgrounds: search matches, the current match, the selection.
    if (m_matches && m_matchLength > 0) {
        QColor match(0xff, 0xd8, 0x4d, 110);
        auto it =
            std::lower_bound(m_matches->begin(), m_matches->end(), segStart - m_matchLength + 1);
        for (; it != m_matches->end() && *it < std::max(segEnd, segStart + 1); ++it)
            span(*it, *it + m_matchLength, *it == m_current ? QColor(0xff, 0x96, 0x32) : match);
    }
    if (selectionEnd() > selectionStart())
        span(selectionStart(), selectionEnd(), palette().color(QPalette::Highlight).lighter(130));

    // Text in runs of one colour; tokens come from the visible segment only.
    std::vector<quint8> slot(size_t(text.size()), TextSlot);
    for (const Token &t : highlightSegment(m_syntax, text, m_doc->startsInString(seg)))
        std::fill(slot.begin() + t.start,
                  slot.begin() + std::min<int>(t.start + t.length, int(text.size())),
                  quint8(slotFor(t.kind)));
    // Skip what is scrolled off to the left, draw up to the right edge.
    const int firstChar = std::max(0, (textX() - x0) / m_charWidth - 1);
    const int lastChar =
        std::min<int>(int(text.size()), (viewport()->width() - x0) / m_charWidth + 2);
    for (int i = firstChar; i < lastChar;) {
        int j = i + 1;
        while (j < lastChar && slot[size_t(j)] == slot[size_t(i)])
            ++j;
        p.setPen(colors[slot[size_t(i)]]);
        p.drawText(x0 + i * m_charWidth, y + m_ascent, text.mid(i, j - i));
        i = j;
    }
    if (!m_doc->isContinuation(seg) && m_folds.isFolded(m_doc->lineOf(seg))) {
        p.setPen(colors[CommentSlot]);
        p.drawText(x0 + int(text.size() + 1) * m_charWidth, y + m_ascent, QStringLiteral("⋯"));
    }
}

qint64 BodyTextView::offsetAt(const QPoint &pos) const
{
    if (!m_doc || rowCount() == 0)
        return 0;
    const qint64 row =
        std::clamp<qint64>(firstVisibleRow() + pos.y() / m_lineHeight, 0, rowCount() - 1);
    const qint64 seg = m_folds.segmentForRow(row);
    const QString text = segmentText(seg);
    const int x = pos.x() - textX() + horizontalScrollBar()->value();
    const int col = std::clamp((x + m_charWidth / 2) / m_charWidth, 0, int(text.size()));
    return m_doc->segmentStart(seg) + utf8Length(text, col);
}

void BodyTextView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_doc)
        return;
    const QPoint pos = event->position().toPoint();
    const int gw = gutterWidth();
    if (pos.x() < gw) {
        // The fold marker column: toggle the object or array opening on that line.
        if (pos.x() >= gw - kFoldMarkerWidth - 4 && !m_folds.foldable().empty()) {
            const qint64 row = firstVisibleRow() + pos.y() / m_lineHeight;
            if (row < rowCount()) {
                const qint64 seg = m_folds.segmentForRow(row);
                if (!m_doc->isContinuation(seg))
                    toggleFold(m_doc->lineOf(seg));
            }
        }
        return;
    }
    m_anchor = m_cursor = offsetAt(pos);
    m_selecting = true;
    viewport()->update();
}

void BodyTextView::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_selecting)
        return;
    const QPoint pos = event->position().toPoint();
    // Dragging past an edge scrolls one row per move event.
    if (pos.y() < 0)
        verticalScrollBar()->setValue(verticalScrollBar()->value() - 1);
    else if (pos.y() > viewport()->height())
        verticalScrollBar()->setValue(verticalScrollBar()->value() + 1);
    m_cursor = offsetAt(pos);
    viewport()->update();
}

void BodyTextView::mouseReleaseEvent(QMouseEvent *)
{
    m_selecting = false;
}

void BodyTextView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        copy();
    } else if (event->matches(QKeySequence::SelectAll)) {
        selectAll();
    } else if (event->matches(QKeySequence::MoveToStartOfDocument)) {
        verticalScrollBar()->setValue(0);
    } else if (event->matches(QKeySequence::MoveToEndOfDocument)) {
        scrollToEnd();
    } else {
        QAbstractScrollArea::keyPressEvent(event);
    }
}

} // namespace bb::plugins::endpoints
