#include "trace_waterfall.h"

#include <QApplication>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyledItemDelegate>
#include <QTreeView>
#include <QVBoxLayout>

#include <cmath>

namespace bb::plugins::common {

namespace {

/// A "nice" tick step (1, 2 or 5 × 10^n ms) giving about `wanted` ticks over `axisMs`.
double tickStep(double axisMs, int wanted)
{
    if (axisMs <= 0 || wanted < 1)
        return 1;
    const double raw = axisMs / wanted;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * mag)
            return m * mag;
    return 10 * mag;
}

QColor barColor(const QPalette &pal, const QString &name, bool error)
{
    if (error)
        return QColor(0xd0, 0x40, 0x40);
    // Amber, not blue: a selected row is highlighted in blue and its bar must stay visible.
    if (name == QLatin1String("sql"))
        return QColor(0xe0, 0x8a, 0x1e);
    if (name == QLatin1String("request"))
        return pal.color(QPalette::Mid);
    return QColor(0x4c, 0xa6, 0x6e);
}

/// The waterfall column: a bar per span on the shared axis, with faint tick lines.
class BarDelegate : public QStyledItemDelegate {
public:
    BarDelegate(const TraceModel *model, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_model(model)
    {}

    void paint(QPainter *p, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        if (index.column() != TraceModel::DetailColumn) {
            QStyledItemDelegate::paint(p, option, index);
            return;
        }
        QStyleOptionViewItem opt(option);
        initStyleOption(&opt, index);
        // Only the row's background (selection, alternate colour): the column's text (the span's
        // note) is laid out below beside the bar, so the two never overlap.
        const QWidget *widget = option.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, p, widget);
        const double axis = m_model->trace().axisMs();
        if (axis <= 0)
            return;
        const QRect r = option.rect.adjusted(4, 3, -4, -3);
        p->save();
        p->setClipRect(option.rect);
        QColor grid = option.palette.color(QPalette::Text);
        grid.setAlpha(30);
        p->setPen(grid);
        const double step = tickStep(axis, std::max(1, r.width() / 90));
        for (double t = step; t < axis; t += step) {
            const int x = r.left() + int(t / axis * r.width());
            p->drawLine(x, option.rect.top(), x, option.rect.bottom());
        }
        const double start = index.data(TraceModel::StartMsRole).toDouble();
        const double dur = index.data(TraceModel::DurationMsRole).toDouble();
        const int x0 = r.left() + int(start / axis * r.width());
        const int w = std::max(2, std::min(int(dur / axis * r.width()), r.right() - x0));
        const QColor bar = barColor(option.palette, index.sibling(index.row(), 0).data().toString(),
                                    index.data(TraceModel::ErrorRole).toBool());
        p->fillRect(QRect(x0, r.top(), w, r.height()), bar);

        // The duration, then the span's note (the SQL, "bearer token", "miss"), on whichever
        // side of the bar has room; a bar spanning the whole axis carries the duration inside.
        const bool selected = option.state & QStyle::State_Selected;
        const QFontMetrics &fm = option.fontMetrics;
        const QString label = formatMs(dur);
        const int lw = fm.horizontalAdvance(label);
        const QString note = index.data(Qt::DisplayRole).toString();
        const int rightRoom = r.right() - (x0 + w) - 6;
        const int leftRoom = x0 - r.left() - 6;
        QColor text = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
        QColor muted = text;
        muted.setAlpha(selected ? 220 : 150);
        if (rightRoom >= lw) {
            const int x = x0 + w + 4;
            p->setPen(text);
            p->drawText(QRect(x, option.rect.top(), lw + 2, option.rect.height()),
                        Qt::AlignVCenter | Qt::AlignLeft, label);
            if (!note.isEmpty() && rightRoom > lw + 40) {
                p->setPen(muted);
                const int nx = x + lw + fm.horizontalAdvance(QLatin1Char(' ')) * 2;
                p->drawText(QRect(nx, option.rect.top(), r.right() - nx, option.rect.height()),
                            Qt::AlignVCenter | Qt::AlignLeft,
                            fm.elidedText(note, Qt::ElideRight, r.right() - nx));
            }
        } else if (leftRoom >= lw) {
            p->setPen(text);
            p->drawText(QRect(x0 - 4 - lw, option.rect.top(), lw + 2, option.rect.height()),
                        Qt::AlignVCenter | Qt::AlignLeft, label);
        } else {
            p->setPen(bar.lightness() > 140 ? Qt::black : Qt::white);
            p->drawText(QRect(x0, r.top(), w - 4, r.height()), Qt::AlignVCenter | Qt::AlignRight,
                        label);
        }
        p->restore();
    }

private:
    const TraceModel *m_model;
};

/// The header of the waterfall column carries the axis: tick labels in ms.
class AxisHeader : public QHeaderView {
public:
    AxisHeader(const TraceModel *model, QWidget *parent)
        : QHeaderView(Qt::Horizontal, parent)
        , m_model(model)
    {}

protected:
    // Drawn over the finished header in paintEvent rather than in paintSection: the section's
    // own label ("Waterfall") was left on top of the ticks when painted per section.
    void paintEvent(QPaintEvent *event) override
    {
        QHeaderView::paintEvent(event);
        const double axis = m_model->trace().axisMs();
        if (axis <= 0 || count() <= TraceModel::DetailColumn)
            return;
        const QRect rect(sectionViewportPosition(TraceModel::DetailColumn), 0,
                         sectionSize(TraceModel::DetailColumn), viewport()->height());
        const QRect r = rect.adjusted(4, 0, -4, 0);
        QPainter painter(viewport());
        QPainter *p = &painter;
        p->fillRect(rect.adjusted(1, 1, -1, -1), palette().color(QPalette::Button));
        p->setPen(palette().color(QPalette::ButtonText));
        const double step = tickStep(axis, std::max(1, r.width() / 90));
        for (double t = 0; t <= axis + step / 2; t += step) {
            const int x = r.left() + int(std::min(t, axis) / axis * r.width());
            p->drawLine(x, rect.bottom() - 4, x, rect.bottom());
            const QString label = formatMs(t);
            const int w = fontMetrics().horizontalAdvance(label);
            const int lx = std::clamp(x - w / 2, r.left(), r.right() - w);
            p->drawText(QRect(lx, rect.top(), w + 2, rect.height() - 4), Qt::AlignCenter, label);
        }
    }

private:
    const TraceModel *m_model;
};

} // namespace

TraceWaterfall::TraceWaterfall(QWidget *parent)
    : QWidget(parent)
    , m_model(new TraceModel(this))
    , m_stack(new QStackedWidget(this))
    , m_summary(new QLabel(this))
    , m_message(new QLabel(this))
    , m_view(new QTreeView(this))
    , m_detail(new QPlainTextEdit(this))
{
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setWordWrap(true);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_view->setModel(m_model);
    m_view->setHeader(new AxisHeader(m_model, m_view));
    m_view->setItemDelegate(new BarDelegate(m_model, m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionsMovable(false);
    m_view->setColumnWidth(TraceModel::NameColumn, 160);
    m_view->setColumnWidth(TraceModel::StartColumn, 70);
    m_view->setColumnWidth(TraceModel::DurationColumn, 80);

    m_detail->setReadOnly(true);
    m_detail->setPlaceholderText(tr("Select a span to see its full detail (SQL statements)."));
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    auto *page = new QWidget(this);
    auto *pl = new QVBoxLayout(page);
    pl->setContentsMargins(0, 0, 0, 0);
    auto *split = new QSplitter(Qt::Vertical, page);
    split->addWidget(m_view);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    pl->addWidget(m_summary);
    pl->addWidget(split);
    m_stack->addWidget(page);
    m_stack->addWidget(m_message);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showDetail(current); });
    clear();
}

bool TraceWaterfall::setTrace(const QByteArray &traceJson)
{
    ParsedTrace trace;
    QString error;
    if (!parseTrace(traceJson, &trace, &error)) {
        m_model->clear();
        setUnavailable(error);
        return false;
    }
    m_model->setTrace(trace);
    // The header draws the time axis from the trace, but its data did not change: repaint it.
    m_view->header()->viewport()->update();
    m_view->expandAll();
    m_summary->setText(
        tr("%1 %2 → %3 in %4, %n span(s), trace %5", nullptr, int(trace.spans.size()))
            .arg(trace.method, trace.path, QString::number(trace.status),
                 formatMs(trace.durationMs), trace.traceId));
    m_detail->clear();
    m_stack->setCurrentIndex(0);
    if (!trace.spans.isEmpty())
        selectSpan(0);
    return true;
}

void TraceWaterfall::setUnavailable(const QString &why)
{
    m_model->clear();
    m_detail->clear();
    m_message->setText(why);
    m_stack->setCurrentIndex(1);
}

void TraceWaterfall::clear()
{
    setUnavailable(tr("No trace yet: send a request to a Backbench engine."));
}

QString TraceWaterfall::message() const
{
    return isShowingTrace() ? m_summary->text() : m_message->text();
}

QString TraceWaterfall::detailText() const
{
    return m_detail->toPlainText();
}

bool TraceWaterfall::isShowingTrace() const
{
    return m_stack->currentIndex() == 0;
}

void TraceWaterfall::selectSpan(int spanIndex)
{
    const QModelIndex idx = m_model->indexOfSpan(spanIndex);
    if (idx.isValid())
        m_view->setCurrentIndex(idx);
}

void TraceWaterfall::showDetail(const QModelIndex &index)
{
    const TraceSpan *s = m_model->spanAt(index);
    if (!s) {
        m_detail->clear();
        return;
    }
    QString text =
        tr("%1\nstart %2, duration %3").arg(s->name, formatMs(s->startMs), formatMs(s->durationMs));
    if (s->parent >= 0)
        text += tr(", inside %1").arg(m_model->trace().spans[s->parent].name);
    if (s->error)
        text += tr("\nThis stage failed.");
    if (!s->detail.isEmpty())
        text += QStringLiteral("\n\n") + s->detail;
    m_detail->setPlainText(text);
}

} // namespace bb::plugins::common
