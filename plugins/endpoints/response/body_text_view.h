// bb::plugins::endpoints — a read-only text view over a BodyDocument that paints only the rows
// on screen: line-number gutter with fold markers, highlighting of the visible segments,
// search matches, mouse selection and a bounded, off-thread copy. No QTextDocument is ever
// built over the body, so a 100 MB body costs the same to paint as a 1 KB one.
#pragma once

#include "body_document.h"
#include "fold_map.h"
#include "syntax_highlight.h"

#include <QAbstractScrollArea>
#include <QPointer>

namespace bb::plugins::endpoints {

class BodyTextView : public QAbstractScrollArea {
    Q_OBJECT
public:
    /// Bigger selections are not copied (the clipboard would hold them twice over, as UTF-16).
    static constexpr qint64 kMaxCopyBytes = 64 * 1024 * 1024;
    /// Selections above this are converted on a worker thread.
    static constexpr qint64 kSyncCopyBytes = 1024 * 1024;

    explicit BodyTextView(QWidget *parent = nullptr);

    /// Shows `document` (not owned; it must outlive its use here or be replaced first).
    void setDocument(BodyDocument *document, Syntax syntax, std::vector<FoldRange> folds = {});
    BodyDocument *document() const { return m_doc; }
    /// Shown centred while there is no document ("Send the request…", "No body").
    void setPlaceholderText(const QString &text);
    QString placeholderText() const { return m_placeholder; }
    Syntax syntax() const { return m_syntax; }

    const FoldMap &folds() const { return m_folds; }
    /// Folds/unfolds the object or array opening on logical `line`; false when none does.
    bool toggleFold(qint64 line);
    void unfoldAll();

    /// Highlights `matches` (offsets into the document, owned by the caller, kept ascending).
    void setMatches(const std::vector<qint64> *matches, qint64 length);
    /// Marks the match at `offset` as current, unfolding and scrolling to show it.
    void setCurrentMatch(qint64 offset);
    qint64 currentMatch() const { return m_current; }
    /// Scrolls so the row holding byte `offset` is visible (unfolding it).
    void scrollToOffset(qint64 offset);
    void scrollToEnd();

    qint64 rowCount() const;
    qint64 firstVisibleRow() const;
    int rowsPerPage() const;
    /// The text painted for visible `row` and the gutter label ("" for continuation rows).
    QString rowText(qint64 row) const;
    QString gutterLabel(qint64 row) const;

    void setSelection(qint64 from, qint64 to);
    void selectAll();
    qint64 selectionStart() const { return std::min(m_anchor, m_cursor); }
    qint64 selectionEnd() const { return std::max(m_anchor, m_cursor); }
    /// Copies the selection to the clipboard; emits copied() once it is there, or message().
    void copy();

signals:
    void copied(qint64 bytes);
    /// Something the user should read (a refused copy).
    void message(const QString &text);
    void foldsChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void updateMetrics();
    void updateScrollBars();
    int gutterWidth() const;
    int textX() const { return gutterWidth() + 4; }
    qint64 offsetAt(const QPoint &pos) const;
    QString segmentText(qint64 segment) const;
    void paintRow(QPainter &p, qint64 row, int y, const QColor *palette);

    QPointer<BodyDocument> m_doc;
    QString m_placeholder;
    Syntax m_syntax = Syntax::Plain;
    FoldMap m_folds;
    const std::vector<qint64> *m_matches = nullptr;
    qint64 m_matchLength = 0;
    qint64 m_current = -1;
    qint64 m_anchor = 0;
    qint64 m_cursor = 0;
    bool m_selecting = false;
    int m_charWidth = 8;
    int m_lineHeight = 16;
    int m_ascent = 12;
};

} // namespace bb::plugins::endpoints
