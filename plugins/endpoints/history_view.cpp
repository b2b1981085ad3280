#include "history_view.h"

#include "method_badge.h"
#include "workspace/history_store.h"

#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

namespace bb::plugins::endpoints {

namespace {

// Two lines per entry: method and URL, then status, duration and time, like a request log.
class HistoryDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const override
    {
        return {200, option.fontMetrics.height() * 2 + 10};
    }

    void paint(QPainter *p, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        opt.text.clear();
        opt.icon = {};
        opt.widget->style()->drawControl(QStyle::CE_ItemViewItem, &opt, p, opt.widget);
        const QRect r = option.rect.adjusted(6, 4, -6, -4);
        const int line = option.fontMetrics.height();
        const QString method = index.data(workspace::HistoryModel::MethodRole).toString();
        const int status = index.data(workspace::HistoryModel::StatusRole).toInt();
        const double ms = index.data(workspace::HistoryModel::DurationRole).toDouble();
        const QDateTime time = index.data(workspace::HistoryModel::TimeRole).toDateTime();
        const bool selected = option.state & QStyle::State_Selected;
        p->save();
        QFont bold = option.font;
        bold.setBold(true);
        p->setFont(bold);
        p->setPen(methodColor(method));
        const int methodWidth = QFontMetrics(bold).horizontalAdvance(QStringLiteral("OPTIONS "));
        p->drawText(QRect(r.left(), r.top(), methodWidth, line), Qt::AlignLeft, method);
        p->setFont(option.font);
        p->setPen(option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
        const QString url = index.data(workspace::HistoryModel::UrlRole).toString();
        p->drawText(QRect(r.left() + methodWidth, r.top(), r.width() - methodWidth, line),
                    Qt::AlignLeft,
                    option.fontMetrics.elidedText(url, Qt::ElideMiddle, r.width() - methodWidth));
        const QString statusText = status > 0 ? QString::number(status) : QObject::tr("failed");
        p->setPen(status >= 200 && status < 400 ? QColor(0x2e, 0x9d, 0x5b)
                                                : QColor(0xd0, 0x3b, 0x3b));
        p->drawText(QRect(r.left(), r.top() + line + 2, methodWidth, line), Qt::AlignLeft,
                    statusText);
        p->setPen(option.palette.color(QPalette::PlaceholderText));
        p->drawText(
            QRect(r.left() + methodWidth, r.top() + line + 2, r.width() - methodWidth, line),
            Qt::AlignLeft,
            QStringLiteral("%1  ·  %2")
                .arg(ms < 1000 ? QStringLiteral("%1 ms").arg(qRound(ms))
                               : QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', 2),
                     time.toLocalTime().toString(QStringLiteral("dd MMM HH:mm:ss"))));
        p->restore();
    }
};

} // namespace

HistoryView::HistoryView(QWidget *parent)
    : QWidget(parent)
{
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("historySearch"));
    m_search->setPlaceholderText(tr("Search method, URL or status"));
    m_search->setClearButtonEnabled(true);
    m_list = new QListView(this);
    m_list->setObjectName(QStringLiteral("historyList"));
    m_list->setItemDelegate(new HistoryDelegate(m_list));
    m_list->setUniformItemSizes(true);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setToolTip(tr("Double-click to open the request as it was sent"));
    m_empty = new QLabel(tr("Requests you send appear here."), this);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setEnabled(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_search);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_empty, 1);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (m_model)
            m_model->setFilter(text);
        updateEmpty();
    });
    connect(m_list, &QListView::activated, this, [this](const QModelIndex &index) {
        if (m_model)
            emit restoreRequested(m_model->entryIndex(index.row()));
    });
    updateEmpty();
}

void HistoryView::setStore(workspace::HistoryStore *store)
{
    delete m_model;
    m_model = store ? new workspace::HistoryModel(store, this) : nullptr;
    m_list->setModel(m_model);
    if (m_model) {
        m_model->setFilter(m_search->text());
        connect(m_model, &QAbstractItemModel::modelReset, this, &HistoryView::updateEmpty);
        connect(m_model, &QAbstractItemModel::rowsInserted, this, &HistoryView::updateEmpty);
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, &HistoryView::updateEmpty);
    }
    updateEmpty();
}

void HistoryView::updateEmpty()
{
    const bool empty = !m_model || m_model->rowCount() == 0;
    m_list->setVisible(!empty);
    m_empty->setVisible(empty);
    m_empty->setText(m_search->text().isEmpty() ? tr("Requests you send appear here.")
                                                : tr("No sent request matches."));
}

} // namespace bb::plugins::endpoints
