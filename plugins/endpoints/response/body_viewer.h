// bb::plugins::endpoints — the Body tab: Pretty, Raw, Hex and Image views of one response body,
// with a progress line while worker threads index, pretty-print or search it, and Ctrl+F.
#pragma once

#include "body_document.h"
#include "body_search.h"
#include "json_pretty.h"
#include "syntax_highlight.h"

#include <QFuture>
#include <QWidget>

#include <atomic>
#include <memory>

class QLabel;
class QScrollArea;
class QStackedWidget;
class QToolButton;

namespace bb::plugins::endpoints {

class BodyTextView;
class FindBar;
class HexView;

class BodyViewer : public QWidget {
    Q_OBJECT
public:
    enum class Mode { Pretty, Raw, Hex, Image };
    /// JSON bodies up to this size are pretty-printed as soon as they arrive; bigger ones when
    /// the user picks Pretty.
    static constexpr qint64 kAutoPrettyBytes = 5 * 1024 * 1024;
    /// Bigger images are not decoded (they are shown as hex).
    static constexpr qint64 kMaxImageBytes = 50 * 1024 * 1024;
    /// Decoded images are scaled down to fit this many pixels a side.
    static constexpr int kMaxImageSide = 4096;

    explicit BodyViewer(QWidget *parent = nullptr);
    ~BodyViewer() override;

    /// Shows a body; the mode is picked from the Content-Type and the first bytes.
    void setBody(BodySourcePtr source, const QByteArray &contentType);
    void clear();

    Mode mode() const { return m_mode; }
    /// Switches views; Pretty starts the pretty-printer when it has not run yet.
    void setMode(Mode mode);
    bool isModeAvailable(Mode mode) const;

    bool isPrettyRunning() const { return m_prettyRunning; }
    BodyDocument *rawDocument() const { return m_raw.get(); }
    BodyDocument *prettyDocument() const { return m_pretty.get(); }
    /// Why the body could not be pretty-printed (with its position), or empty.
    QString prettyError() const { return m_prettyError; }
    qint64 prettyErrorOffset() const { return m_prettyErrorOffset; }
    BodySourcePtr source() const { return m_source; }
    Syntax syntax() const { return m_syntax; }

    BodyTextView *textView() const { return m_text; }
    HexView *hexView() const { return m_hex; }
    QLabel *imageLabel() const { return m_image; }
    FindBar *findBar() const { return m_findBar; }
    BodySearch *search() const { return m_search; }
    /// The progress / error line under the mode buttons.
    QString statusText() const;

    /// Opens the find bar (Ctrl+F).
    void showFind();
    /// Searches the text view's document (switching Hex/Image to Raw).
    void find(const QString &text, bool caseSensitive);
    void findNext();
    void findPrevious();
    /// Index of the current match in search()->matches(), -1 when none.
    qint64 currentMatchIndex() const { return m_matchIndex; }

    /// Blocks until pretty-printing ended (tests and the benchmark only).
    void waitForPretty();

signals:
    void modeChanged(Mode mode);
    void prettyFinished(bool ok);

private:
    void startPretty();
    void finishPretty(PrettyResult result);
    void showDocument(BodyDocument *doc, Syntax syntax, std::vector<FoldRange> folds);
    void showImage();
    void rerunSearch();
    void goToMatch(qint64 index);
    void updateCount();
    void updateStatus();
    void updateButtons();

    BodySourcePtr m_source;
    QByteArray m_contentType;
    Syntax m_syntax = Syntax::Plain;
    bool m_binary = false;
    Mode m_mode = Mode::Raw;
    std::unique_ptr<BodyDocument> m_raw;
    std::unique_ptr<BodyDocument> m_pretty;
    std::vector<FoldRange> m_prettyFolds;
    bool m_prettyRunning = false;
    QString m_prettyError;
    qint64 m_prettyErrorOffset = -1;
    QString m_prettyProgress;
    QString m_indexProgress;
    QString m_message;
    std::shared_ptr<std::atomic_bool> m_prettyCancel;
    QFuture<PrettyResult> m_prettyFuture;
    quint64 m_generation = 0;
    qint64 m_matchIndex = -1;

    QToolButton *m_buttons[4];
    QToolButton *m_unfold;
    QLabel *m_status;
    QStackedWidget *m_stack;
    BodyTextView *m_text;
    HexView *m_hex;
    QScrollArea *m_imageScroll;
    QLabel *m_image;
    FindBar *m_findBar;
    BodySearch *m_search;
};

/// True when the first bytes do not look like text (a NUL byte, or not UTF-8).
bool looksBinary(QByteArrayView head);

} // namespace bb::plugins::endpoints
