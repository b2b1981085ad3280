#include "body_viewer.h"

#include "body_text_view.h"
#include "find_bar.h"
#include "hex_view.h"

#include "worker_pool.h"
#include <QBuffer>
#include <QButtonGroup>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QPixmap>
#include <QScrollArea>
#include <QShortcut>
#include <QStackedWidget>
#include <QStringDecoder>
#include <QToolButton>
#include <QVBoxLayout>

namespace bb::plugins::endpoints {

namespace {
QString percent(qint64 done, qint64 total)
{
    return QString::number(total > 0 ? done * 100 / total : 100);
}
QString megabytes(qint64 bytes)
{
    return QStringLiteral("%1 MB").arg(double(bytes) / (1024 * 1024), 0, 'f', 1);
}
} // namespace

bool looksBinary(QByteArrayView head)
{
    head = head.first(std::min<qsizetype>(head.size(), 8192));
    if (head.contains('\0'))
        return true;
    // A multi-byte character cut by the 8 KB window is not an error.
    qsizetype end = head.size();
    for (int k = 0; k < 3 && end > 0 && (uchar(head[end - 1]) & 0x80); ++k)
        --end;
    QStringDecoder dec(QStringDecoder::Utf8);
    const QString s = dec(head.first(end));
    return dec.hasError();
}

BodyViewer::BodyViewer(QWidget *parent)
    : QWidget(parent)
    , m_unfold(new QToolButton(this))
    , m_status(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_text(new BodyTextView(this))
    , m_hex(new HexView(this))
    , m_imageScroll(new QScrollArea(this))
    , m_image(new QLabel(this))
    , m_findBar(new FindBar(this))
    , m_search(new BodySearch(this))
{
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    auto *group = new QButtonGroup(this);
    const QString names[] = {tr("Pretty"), tr("Raw"), tr("Hex"), tr("Image")};
    for (int i = 0; i < 4; ++i) {
        m_buttons[i] = new QToolButton(this);
        m_buttons[i]->setText(names[i]);
        m_buttons[i]->setCheckable(true);
        m_buttons[i]->setAutoRaise(true);
        group->addButton(m_buttons[i], i);
        bar->addWidget(m_buttons[i]);
    }
    connect(group, &QButtonGroup::idClicked, this, [this](int id) { setMode(Mode(id)); });
    m_unfold->setText(tr("Unfold all"));
    m_unfold->setAutoRaise(true);
    connect(m_unfold, &QToolButton::clicked, m_text, &BodyTextView::unfoldAll);
    bar->addWidget(m_unfold);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addWidget(m_status, 1);

    m_image->setAlignment(Qt::AlignCenter);
    m_imageScroll->setWidget(m_image);
    m_imageScroll->setWidgetResizable(true);
    m_stack->addWidget(m_text);
    m_stack->addWidget(m_hex);
    m_stack->addWidget(m_imageScroll);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_findBar);
    layout->addWidget(m_stack, 1);
    m_findBar->hide();

    auto *findKey = new QShortcut(QKeySequence::Find, this);
    findKey->setContext(Qt::WidgetWithChildrenShortcut);
    connect(findKey, &QShortcut::activated, this, &BodyViewer::showFind);
    connect(m_findBar, &FindBar::searchChanged, this, &BodyViewer::rerunSearch);
    connect(m_findBar, &FindBar::nextRequested, this, &BodyViewer::findNext);
    connect(m_findBar, &FindBar::previousRequested, this, &BodyViewer::findPrevious);
    connect(m_findBar, &FindBar::closed, this, [this] {
        m_search->cancel();
        m_text->setMatches(nullptr, 0);
        m_text->setFocus();
    });
    connect(m_search, &BodySearch::matchesAdded, this, [this] {
        m_text->setMatches(&m_search->matches(), m_search->needle().size());
        if (m_matchIndex < 0 && !m_search->matches().empty())
            goToMatch(0);
        updateCount();
    });
    connect(m_search, &BodySearch::progress, this, [this] { updateCount(); });
    connect(m_search, &BodySearch::finished, this, [this] { updateCount(); });
    connect(m_text, &BodyTextView::message, this, [this](const QString &text) {
        m_message = text;
        updateStatus();
    });
    connect(m_text, &BodyTextView::copied, this, [this](qint64 bytes) {
        m_message = tr("Copied %1.").arg(megabytes(bytes));
        updateStatus();
    });
    connect(m_text, &BodyTextView::foldsChanged, this, &BodyViewer::updateButtons);
    clear();
}

BodyViewer::~BodyViewer()
{
    if (m_prettyCancel)
        m_prettyCancel->store(true);
    m_prettyFuture.waitForFinished();
    // The view must let go of the documents before they are destroyed.
    m_text->setDocument(nullptr, Syntax::Plain);
}

void BodyViewer::clear()
{
    ++m_generation;
    if (m_prettyCancel)
        m_prettyCancel->store(true);
    m_search->cancel();
    m_text->setDocument(nullptr, Syntax::Plain);
    m_hex->setSource(nullptr);
    m_image->clear();
    m_pretty.reset();
    m_raw.reset();
    m_source.reset();
    m_prettyFolds.clear();
    m_prettyRunning = false;
    m_prettyError.clear();
    m_prettyErrorOffset = -1;
    m_prettyProgress.clear();
    m_indexProgress.clear();
    m_message.clear();
    m_matchIndex = -1;
    m_mode = Mode::Raw;
    m_stack->setCurrentWidget(m_text);
    updateButtons();
    updateStatus();
}

void BodyViewer::setBody(BodySourcePtr source, const QByteArray &contentType)
{
    clear();
    m_source = std::move(source);
    m_contentType = contentType;
    const QByteArrayView head = m_source->view(0, 8192);
    m_syntax = syntaxFor(contentType, head.toByteArray());
    m_binary = m_syntax == Syntax::Plain && looksBinary(head);
    m_raw = std::make_unique<BodyDocument>(m_source);
    connect(m_raw.get(), &BodyDocument::indexProgress, this, [this](qint64 done, qint64 total) {
        m_indexProgress =
            done < total ? tr("Indexing lines… %1 %").arg(percent(done, total)) : QString();
        updateStatus();
    });
    m_hex->setSource(m_source);
    Mode initial = Mode::Raw;
    if (contentType.toLower().startsWith("image/"))
        initial = Mode::Image;
    else if (m_binary)
        initial = Mode::Hex;
    else if (m_syntax == Syntax::Json && m_source->size() <= kAutoPrettyBytes)
        initial = Mode::Pretty;
    setMode(initial);
    if (m_syntax == Syntax::Json && initial != Mode::Pretty) {
        m_prettyProgress =
            tr("%1 of JSON: pick Pretty to format it.").arg(megabytes(m_source->size()));
        updateStatus();
    }
}

bool BodyViewer::isModeAvailable(Mode mode) const
{
    if (!m_source)
        return mode == Mode::Raw;
    switch (mode) {
    case Mode::Pretty:
        return m_syntax == Syntax::Json && m_prettyError.isEmpty();
    case Mode::Raw:
    case Mode::Hex:
        return true;
    case Mode::Image:
        return m_contentType.toLower().startsWith("image/");
    }
    return false;
}

void BodyViewer::setMode(Mode mode)
{
    if (!isModeAvailable(mode))
        mode = Mode::Raw;
    m_mode = mode;
    switch (mode) {
    case Mode::Pretty:
        m_stack->setCurrentWidget(m_text);
        if (m_pretty)
            showDocument(m_pretty.get(), Syntax::Json, m_prettyFolds);
        else {
            // The raw text stays visible (and usable) while the worker formats it.
            if (m_text->document() != m_raw.get())
                showDocument(m_raw.get(), m_syntax, {});
            startPretty();
        }
        break;
    case Mode::Raw:
        m_stack->setCurrentWidget(m_text);
        if (m_text->document() != m_raw.get())
            showDocument(m_raw.get(), m_syntax, {});
        break;
    case Mode::Hex:
        m_stack->setCurrentWidget(m_hex);
        break;
    case Mode::Image:
        m_stack->setCurrentWidget(m_imageScroll);
        showImage();
        break;
    }
    updateButtons();
    emit modeChanged(mode);
}

void BodyViewer::showDocument(BodyDocument *doc, Syntax syntax, std::vector<FoldRange> folds)
{
    m_text->setDocument(doc, syntax, std::move(folds));
    m_matchIndex = -1;
    if (m_findBar->isVisible() && !m_findBar->text().isEmpty())
        rerunSearch();
}

void BodyViewer::startPretty()
{
    if (m_prettyRunning || m_pretty || !m_source)
        return;
    m_prettyRunning = true;
    m_prettyCancel = std::make_shared<std::atomic_bool>(false);
    const quint64 generation = m_generation;
    m_prettyProgress = tr("Pretty-printing… 0 %");
    updateStatus();
    auto *watcher = new QFutureWatcher<PrettyResult>(this);
    connect(watcher, &QFutureWatcher<PrettyResult>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation == m_generation)
            finishPretty(watcher->result());
    });
    m_prettyFuture = runBodyTask([this, src = m_source, cancel = m_prettyCancel, generation] {
        return prettyPrintJson(
            *src, *cancel, [this, cancel, total = src->size(), generation](qint64 done) {
                if (cancel->load())
                    return;
                // Queued to this object; the destructor waits for the worker before it goes.
                QMetaObject::invokeMethod(
                    this,
                    [this, done, total, generation] {
                        if (generation != m_generation || !m_prettyRunning)
                            return;
                        m_prettyProgress = tr("Pretty-printing… %1 %").arg(percent(done, total));
                        updateStatus();
                    },
                    Qt::QueuedConnection);
            });
    });
    watcher->setFuture(m_prettyFuture);
}

void BodyViewer::finishPretty(PrettyResult result)
{
    m_prettyRunning = false;
    m_prettyProgress.clear();
    if (result.cancelled)
        return;
    if (!result.ok()) {
        m_prettyError = result.errorOffset >= 0
                            ? tr("Not valid JSON: %1 at byte %2 (line %3, column %4). "
                                 "Showing the raw body.")
                                  .arg(result.error)
                                  .arg(result.errorOffset)
                                  .arg(result.errorLine)
                                  .arg(result.errorColumn)
                            : result.error;
        m_prettyErrorOffset = result.errorOffset;
        setMode(Mode::Raw);
        if (result.errorOffset >= 0) {
            // Point at the offending byte.
            m_text->setSelection(result.errorOffset,
                                 std::min(result.errorOffset + 1, m_source->size()));
            m_text->scrollToOffset(result.errorOffset);
        }
        updateStatus();
        emit prettyFinished(false);
        return;
    }
    m_prettyFolds = std::move(result.folds);
    m_pretty = std::make_unique<BodyDocument>(result.output);
    connect(m_pretty.get(), &BodyDocument::indexProgress, this, [this](qint64 done, qint64 total) {
        m_indexProgress = done < total
                              ? tr("Indexing the pretty view… %1 %").arg(percent(done, total))
                              : QString();
        updateStatus();
    });
    if (m_mode == Mode::Pretty)
        showDocument(m_pretty.get(), Syntax::Json, m_prettyFolds);
    updateStatus();
    updateButtons();
    emit prettyFinished(true);
}

void BodyViewer::waitForPretty()
{
    m_prettyFuture.waitForFinished();
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
}

void BodyViewer::showImage()
{
    if (!m_source || !m_image->pixmap().isNull())
        return;
    if (m_source->size() > kMaxImageBytes) {
        m_image->setText(tr("The image is %1: previews stop at %2. Use Hex or Save body….")
                             .arg(megabytes(m_source->size()), megabytes(kMaxImageBytes)));
        return;
    }
    QByteArray bytes = QByteArray::fromRawData(m_source->data(), m_source->size());
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    QSize size = reader.size();
    if (size.isValid() && (size.width() > kMaxImageSide || size.height() > kMaxImageSide))
        reader.setScaledSize(size.scaled(kMaxImageSide, kMaxImageSide, Qt::KeepAspectRatio));
    const QImage image = reader.read();
    if (image.isNull()) {
        m_image->setText(tr("Cannot show this image: %1.").arg(reader.errorString()));
        return;
    }
    m_image->setPixmap(QPixmap::fromImage(image));
    m_image->setToolTip(tr("%1 × %2 pixels%3")
                            .arg(size.width())
                            .arg(size.height())
                            .arg(image.size() != size ? tr(", shown scaled down") : QString()));
}

void BodyViewer::showFind()
{
    if (m_mode == Mode::Hex || m_mode == Mode::Image)
        setMode(Mode::Raw);
    m_findBar->activate();
}

void BodyViewer::find(const QString &text, bool caseSensitive)
{
    if (m_mode == Mode::Hex || m_mode == Mode::Image)
        setMode(Mode::Raw);
    m_findBar->show();
    m_matchIndex = -1;
    m_text->setMatches(nullptr, 0);
    BodyDocument *doc = m_text->document();
    m_search->start(doc ? doc->source() : nullptr, text.toUtf8(), caseSensitive);
    updateCount();
}

void BodyViewer::rerunSearch()
{
    find(m_findBar->text(), m_findBar->caseSensitive());
}

void BodyViewer::findNext()
{
    const qint64 n = qint64(m_search->matches().size());
    if (n > 0)
        goToMatch((m_matchIndex + 1) % n);
}

void BodyViewer::findPrevious()
{
    const qint64 n = qint64(m_search->matches().size());
    if (n > 0)
        goToMatch((m_matchIndex - 1 + n) % n);
}

void BodyViewer::goToMatch(qint64 index)
{
    m_matchIndex = index;
    const qint64 offset = m_search->matches()[size_t(index)];
    m_text->setCurrentMatch(offset);
    m_text->setSelection(offset, offset);
    updateCount();
}

void BodyViewer::updateCount()
{
    const qint64 n = qint64(m_search->matches().size());
    QString text;
    if (m_search->needle().isEmpty())
        text.clear();
    else if (n == 0)
        text = m_search->isRunning() ? tr("Searching…") : tr("No matches");
    else
        text = tr("%1 of %2%3%4")
                   .arg(m_matchIndex + 1)
                   .arg(n)
                   .arg(m_search->isTruncated() ? QStringLiteral("+") : QString())
                   .arg(m_search->isRunning() ? tr(" (searching…)") : QString());
    m_findBar->setCount(text);
}

void BodyViewer::updateStatus()
{
    QStringList parts;
    for (const QString &s : {m_prettyError, m_prettyProgress, m_indexProgress, m_message})
        if (!s.isEmpty())
            parts << s;
    m_status->setText(parts.join(QStringLiteral(" · ")));
}

QString BodyViewer::statusText() const
{
    return m_status->text();
}

void BodyViewer::updateButtons()
{
    for (int i = 0; i < 4; ++i) {
        m_buttons[i]->setEnabled(isModeAvailable(Mode(i)));
        m_buttons[i]->setChecked(int(m_mode) == i);
    }
    m_buttons[int(Mode::Image)]->setVisible(isModeAvailable(Mode::Image));
    m_unfold->setVisible(m_mode == Mode::Pretty && m_text->folds().foldedCount() > 0);
}

} // namespace bb::plugins::endpoints
