#include "table_tab.h"

#include "cell_delegate.h"
#include "dbx/edit_buffer.h"
#include "dbx/row_source.h"
#include "dbx/table_model.h"
#include "edit_bar.h"
#include "filter_header.h"
#include "value_viewer.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QTableView>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

namespace bb::plugins::database {

Result<TableTab *> TableTab::open(std::shared_ptr<store::Database> db, const QString &table,
                                  QWidget *parent)
{
    auto source = dbx::RowSource::open(db, table);
    if (!source)
        return source.error();
    return new TableTab(std::move(db), std::move(*source), parent);
}

TableTab::TableTab(std::shared_ptr<store::Database> db, std::unique_ptr<dbx::RowSource> source,
                   QWidget *parent)
    : QWidget(parent)
    , m_db(std::move(db))
    , m_source(std::move(source))
    , m_table(m_source->table().name)
    , m_model(new dbx::TableModel(m_source.get(), this))
    , m_view(new QTableView(this))
    , m_header(new FilterHeader(m_view))
    , m_status(new QLabel(this))
    , m_paging(new QLabel(this))
    , m_error(new QLabel(this))
    , m_count(new QPushButton(tr("Count rows"), this))
    , m_buffer(new dbx::EditBuffer(m_source.get(), this))
    , m_editBar(nullptr)
{
    m_view->setHorizontalHeader(m_header);
    m_model->setEditBuffer(m_buffer);
    m_view->setModel(m_model);
    m_view->setItemDelegate(new CellDelegate(m_view));
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->horizontalHeader()->setDefaultSectionSize(140);
    m_view->horizontalHeader()->setStretchLastSection(true);

    QStringList columns;
    for (const auto &c : m_source->table().columns)
        columns << c.name;
    m_header->setColumns(columns);

    m_paging->setText(m_source->pagingNote());
    m_paging->setWordWrap(true);
    m_paging->setVisible(!m_paging->text().isEmpty());
    m_paging->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    m_error->setStyleSheet(QStringLiteral("color: #cf222e;"));
    m_error->setWordWrap(true);
    m_error->hide();
    m_count->setToolTip(tr("Run COUNT(*) for the exact number of rows; click again to cancel"));

    auto *status = new QHBoxLayout;
    status->setContentsMargins(6, 2, 6, 2);
    status->addWidget(m_status);
    status->addWidget(m_count);
    status->addStretch();
    status->addWidget(m_paging, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_error);
    m_editBar = new EditBar(m_buffer, m_model, m_view, this);
    layout->addWidget(m_editBar);
    layout->addLayout(status);

    // The view reports what it shows; the model fetches only those blocks.
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this,
            &TableTab::requestVisibleRows);
    connect(m_view->verticalScrollBar(), &QScrollBar::rangeChanged, this,
            &TableTab::requestVisibleRows);
    connect(m_view->horizontalScrollBar(), &QScrollBar::valueChanged, m_header,
            &FilterHeader::placeEditors);
    connect(m_model, &QAbstractItemModel::modelReset, this, &TableTab::requestVisibleRows);
    connect(m_header, &QHeaderView::sectionClicked, this, [this](int column) {
        // Click cycles ascending → descending → the table's own order.
        if (m_sortColumn != column)
            sortBy(column, Qt::AscendingOrder);
        else if (m_sortOrder == Qt::AscendingOrder)
            sortBy(column, Qt::DescendingOrder);
        else
            sortBy(-1, Qt::AscendingOrder);
    });
    connect(m_header, &FilterHeader::filtersChanged, this, &TableTab::applyQuery);
    connect(m_count, &QPushButton::clicked, this, &TableTab::toggleCount);
    connect(m_view, &QTableView::doubleClicked, this, &TableTab::showValue);
    auto *viewValue = new QShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Return), m_view);
    viewValue->setContext(Qt::WidgetShortcut);
    connect(viewValue, &QShortcut::activated, this, [this] { showValue(m_view->currentIndex()); });

    m_view->viewport()->installEventFilter(this);
    connect(m_source.get(), &dbx::RowSource::rowCountChanged, this, &TableTab::updateStatus);
    connect(m_source.get(), &dbx::RowSource::countReady, this, &TableTab::updateStatus);
    connect(m_source.get(), &dbx::RowSource::countCancelled, this, &TableTab::updateStatus);
    connect(m_source.get(), &dbx::RowSource::rowsReset, this, &TableTab::updateStatus);
    connect(m_source.get(), &dbx::RowSource::failed, this, &TableTab::setError);
    updateStatus();
    QTimer::singleShot(0, this, &TableTab::requestVisibleRows);
}

TableTab::~TableTab()
{
    // The model reads the source; drop it first.
    m_view->setModel(nullptr);
    m_model->setEditBuffer(nullptr);
    delete m_model;
    delete m_buffer;
}

QString TableTab::statusText() const
{
    return m_status->text();
}

QString TableTab::pagingNoteText() const
{
    return m_paging->text();
}

QString TableTab::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

bool TableTab::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QModelIndex index = m_view->indexAt(help->pos());
        QString tip = index.data(dbx::TableModel::RowErrorRole).toString();
        if (!tip.isEmpty()) {
            tip = tr("Not applied: %1").arg(tip);
        } else if (index.data(dbx::TableModel::IsNullRole).toBool()) {
            tip = QStringLiteral("NULL");
        } else {
            const QVariant raw = index.data(dbx::TableModel::RawValueRole);
            if (raw.typeId() != QMetaType::QByteArray &&
                raw.toString().size() > CellDelegate::kMaxShownChars)
                tip = raw.toString().left(2000) + tr("\n(Shift+Enter shows all of it)");
        }
        if (tip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), tip, m_view->viewport());
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void TableTab::sortBy(int column, Qt::SortOrder order)
{
    m_sortColumn = column;
    m_sortOrder = order;
    m_header->setSortIndicator(column, order);
    applyQuery();
}

void TableTab::applyQuery()
{
    const auto &cols = m_source->table().columns;
    const QString sortColumn =
        m_sortColumn >= 0 && m_sortColumn < cols.size() ? cols[m_sortColumn].name : QString();
    const QList<dbx::ColumnFilter> filters = m_header->filters();
    auto set = m_source->setQuery(sortColumn, m_sortOrder == Qt::AscendingOrder, filters);
    if (!set) {
        // Name the edit that is wrong: each filter is checked on its own.
        int bad = -1;
        for (const auto &f : filters) {
            if (!dbx::RowQuery::make(m_source->table(), m_db->dialect(), m_source->paging(), {},
                                     true, {f})) {
                for (int i = 0; i < cols.size(); ++i)
                    if (cols[i].name == f.column)
                        bad = i;
                break;
            }
        }
        m_header->showFilterError(bad, set.error().message);
        setError(set.error().message);
        return;
    }
    m_header->showFilterError(-1, {});
    m_error->hide();
    updateStatus();
}

void TableTab::requestVisibleRows()
{
    const int rows = m_model->rowCount();
    if (rows == 0) {
        m_model->setVisibleRange(0, 0);
        return;
    }
    const int first = std::max(0, m_view->rowAt(0));
    int last = m_view->rowAt(m_view->viewport()->height() - 1);
    if (last < 0)
        last = std::min(rows - 1,
                        first + m_view->viewport()->height() /
                                    std::max(1, m_view->verticalHeader()->defaultSectionSize()));
    m_model->setVisibleRange(first, last);
}

void TableTab::scrollToRow(int row)
{
    m_view->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtCenter);
    requestVisibleRows();
}

void TableTab::toggleCount()
{
    if (m_source->countRunning())
        m_source->cancelCount();
    else
        m_source->requestExactCount();
    updateStatus();
}

void TableTab::updateStatus()
{
    const QLocale locale;
    const qint64 count = m_source->rowCount();
    QString text;
    if (m_source->countIsExact())
        text = tr("%1 rows").arg(locale.toString(count));
    else if (count >= 0)
        text = tr("~%1 rows (estimated)").arg(locale.toString(count));
    if (m_source->countRunning())
        text += QStringLiteral(" · ") + tr("counting…");
    m_status->setText(text);
    m_count->setText(m_source->countRunning() ? tr("Cancel count") : tr("Count rows"));
    m_count->setEnabled(m_source->countRunning() || !m_source->countIsExact());
    emit statusChanged();
}

void TableTab::setError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
    updateStatus();
}

void TableTab::showValue(const QModelIndex &index)
{
    if (!index.isValid() || !index.data(dbx::TableModel::LoadedRole).toBool())
        return;
    const QString column = m_model->headerData(index.column(), Qt::Horizontal).toString();
    auto *viewer =
        new ValueViewer(tr("%1 · row %2 · %3").arg(m_table).arg(index.row() + 1).arg(column),
                        index.data(dbx::TableModel::RawValueRole), this);
    viewer->setAttribute(Qt::WA_DeleteOnClose);
    viewer->setObjectName(QStringLiteral("valueViewer"));
    viewer->show();
}

} // namespace bb::plugins::database
