#include "logs_widget.h"

#include "level_chips.h"
#include "log_details.h"
#include "log_row_delegate.h"
#include "logview/log_source.h"
#include "logview/log_table_model.h"
#include "query_edit.h"
#include "volume_chart.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace bb::plugins::logs {

using logview::LogTableModel;
using logview::Severity;

LogsWidget::LogsWidget(engine::EngineController *engine, shell::PluginSettings settings,
                       QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_settings(std::move(settings))
    , m_model(new LogTableModel(this))
    , m_exporter(new logview::LogExporter(m_model, this))
{
    buildUi();
    connect(m_model, &LogTableModel::batchCommitted, this, &LogsWidget::onBatch);
    connect(m_model, &LogTableModel::countsChanged, this, [this] { m_countsDirty = true; });
    connect(m_model, &LogTableModel::pendingChanged, this, [this](qsizetype n) {
        m_newLines->setVisible(m_model->isPaused() && n > 0);
        m_newLines->setText(tr("%1 new").arg(QLocale().toString(qint64(n))));
    });
    connect(m_model, &LogTableModel::refilterProgress, this, [this](int percent) {
        m_progress->setVisible(percent < 100);
        m_progress->setValue(percent);
    });
    connect(m_model, &LogTableModel::filterApplied, this, [this] {
        m_countsDirty = true;
        refreshCounts();
        if (m_follow)
            m_view->scrollToBottom();
    });
    // A filter change resets the rows: the selected line stays selected when it still shows.
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        const QModelIndex current = m_view->currentIndex();
        m_selectedLine =
            current.isValid() ? current.data(LogTableModel::LineIndexRole).toULongLong() : 0;
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        const int row = m_selectedLine ? m_model->rowOfLine(m_selectedLine) : -1;
        if (row < 0) {
            m_details->clear();
            return;
        }
        m_view->setCurrentIndex(m_model->index(row, LogTableModel::MessageColumn));
        m_view->scrollTo(m_view->currentIndex(), QAbstractItemView::PositionAtCenter);
    });
    connect(m_exporter, &logview::LogExporter::progress, this, [this](qint64 done, qint64 total) {
        const QLocale locale;
        m_status->setText(tr("Exporting… %1 of %2 lines (live lines wait until it is written)")
                              .arg(locale.toString(done), locale.toString(total)));
    });
    connect(m_exporter, &logview::LogExporter::finished, this,
            [this](const QString &error, qint64 rows) {
                m_status->setText(error.isEmpty()
                                      ? tr("Exported %1 lines").arg(QLocale().toString(rows))
                                      : error);
                m_statusHoldUntil = QDateTime::currentMSecsSinceEpoch() + 4000;
            });
    // Counts and the histogram redraw at most four times a second, whatever the line rate.
    auto *redraw = new QTimer(this);
    redraw->setInterval(250);
    connect(redraw, &QTimer::timeout, this, [this] {
        if (m_countsDirty)
            refreshCounts();
        refreshStatus();
    });
    redraw->start();
    restoreState();
}

LogsWidget::~LogsWidget()
{
    saveState();
    if (m_source)
        m_source->stop();
}

void LogsWidget::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    layout->addWidget(buildSourceBar());
    layout->addWidget(buildToolBar());

    m_chips = new LevelChips(this);
    layout->addWidget(m_chips);
    connect(m_chips, &LevelChips::levelToggled, this, [this](Severity s, bool on) {
        m_model->setLevelEnabled(s, on);
        m_countsDirty = true;
        saveState();
    });

    m_chart = new VolumeChart(this);
    m_chart->setMaximumHeight(150);
    layout->addWidget(m_chart);
    connect(m_chart, &VolumeChart::rangeSelected, this, [this](qint64 from, qint64 to) {
        m_model->setTimeRange(from, to - 1);
        m_resetZoom->setEnabled(true);
        m_countsDirty = true;
    });

    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_delegate = new LogRowDelegate(m_view);
    m_view->setItemDelegate(m_delegate);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setWordWrap(false);
    m_view->setShowGrid(false);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    // Fixed row heights: the view never measures a million rows.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionsMovable(false);
    m_view->setColumnWidth(LogTableModel::TimeColumn, 150);
    m_view->setColumnWidth(LogTableModel::LevelColumn, 60);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this,
            [this](int value) { m_follow = value >= m_view->verticalScrollBar()->maximum(); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &LogsWidget::onSelection);
    connect(m_view->horizontalHeader(), &QHeaderView::sectionResized, this, [this] {
        if (m_restored)
            saveState();
    });

    m_details = new LogDetails(this);
    m_details->setTraceApi([this]() -> std::pair<QUrl, QString> {
        if (!m_source)
            return {};
        return {m_source->traceApiBase(), m_source->accessToken()};
    });

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({800, 400});
    layout->addWidget(m_splitter, 1);

    m_status = new QLabel(this);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
}

QWidget *LogsWidget::buildToolBar()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);

    m_query = new QueryEdit(bar);
    row->addWidget(m_query, 1);
    connect(m_query, &QLineEdit::returnPressed, this, &LogsWidget::applyQuery);
    auto *find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, m_query, [this] {
        m_query->setFocus();
        m_query->selectAll();
    });

    m_progress = new QProgressBar(bar);
    m_progress->setRange(0, 100);
    m_progress->setMaximumWidth(90);
    m_progress->setFormat(tr("filter %p%"));
    m_progress->hide();
    row->addWidget(m_progress);

    m_resetZoom = new QToolButton(bar);
    m_resetZoom->setText(tr("Reset zoom"));
    m_resetZoom->setToolTip(tr("Show every time again (Ctrl+0)"));
    m_resetZoom->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    m_resetZoom->setEnabled(false);
    connect(m_resetZoom, &QToolButton::clicked, this, &LogsWidget::resetZoom);
    row->addWidget(m_resetZoom);

    m_pause = new QPushButton(tr("Pause"), bar);
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Pause the live tail; new lines wait until you resume (Ctrl+P)"));
    m_pause->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    connect(m_pause, &QPushButton::toggled, this, &LogsWidget::setPaused);
    row->addWidget(m_pause);

    m_newLines = new QLabel(bar);
    m_newLines->setStyleSheet(QStringLiteral(
        "QLabel { background: #3787de; color: white; border-radius: 8px; padding: 1px 8px; }"));
    m_newLines->hide();
    row->addWidget(m_newLines);

    auto *clear = new QPushButton(tr("Clear"), bar);
    clear->setToolTip(tr("Drop every line held (Ctrl+L)"));
    clear->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(clear, &QPushButton::clicked, this, &LogsWidget::clearLines);
    row->addWidget(clear);

    auto *more = new QToolButton(bar);
    more->setText(tr("More"));
    more->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(more);
    QAction *exportAction = menu->addAction(tr("Export view…"), this, &LogsWidget::exportPressed);
    exportAction->setShortcut(QKeySequence::Save);
    addAction(exportAction);
    exportAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    menu->addAction(tr("Columns…"), this, &LogsWidget::chooseColumns);
    menu->addAction(tr("Lines kept…"), this, &LogsWidget::chooseCapacity);
    more->setMenu(menu);
    row->addWidget(more);
    return bar;
}

bool LogsWidget::applyQuery()
{
    const auto error = m_model->setQueryText(m_query->text());
    if (error) {
        m_query->setError(error->position, QString::fromStdString(error->message));
        m_status->setText(tr("Query error at column %1: %2")
                              .arg(error->position + 1)
                              .arg(QString::fromStdString(error->message)));
        m_statusHoldUntil = QDateTime::currentMSecsSinceEpoch() + 5000;
        return false;
    }
    m_query->setError(-1, {});
    m_statusHoldUntil = 0;
    m_delegate->setTerms(m_model->highlightTerms());
    m_view->viewport()->update();
    saveState();
    return true;
}

void LogsWidget::setPaused(bool paused)
{
    if (m_pause->isChecked() != paused) {
        m_pause->setChecked(paused); // comes back through toggled
        return;
    }
    m_model->setPaused(paused);
    m_pause->setText(paused ? tr("Resume") : tr("Pause"));
    if (!paused) {
        m_newLines->hide();
        m_follow = true;
        m_view->scrollToBottom();
    }
}

void LogsWidget::clearLines()
{
    m_model->clear();
    m_details->clear();
    m_countsDirty = true;
    refreshCounts();
}

void LogsWidget::resetZoom()
{
    m_model->resetTimeRange();
    m_resetZoom->setEnabled(false);
    m_countsDirty = true;
}

void LogsWidget::onBatch()
{
    if (m_follow && !m_model->isPaused())
        m_view->scrollToBottom();
}

void LogsWidget::onSelection()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid() || current.row() >= m_model->rowCount())
        return;
    m_details->showLine(m_model->lineAt(current.row()), m_model->fields());
}

void LogsWidget::refreshCounts()
{
    m_countsDirty = false;
    m_chips->setCounts(m_model->levelCounts());
    std::int64_t from = 0, to = 0;
    if (m_model->hasTimeRange()) {
        from = m_model->rangeFromMs();
        to = m_model->rangeToMs();
        std::int64_t f = 0, t = 0;
        // An open end of the range ends where the lines do.
        if (m_model->volume().span(&f, &t)) {
            from = qMax(from, f);
            to = qMin(to, t);
        }
    } else if (!m_model->volume().span(&from, &to)) {
        m_chart->setData(m_model->volume(), 0, -1, m_model->filter().levelMask());
        return;
    }
    m_chart->setData(m_model->volume(), from, to, m_model->filter().levelMask());
    m_query->setFieldNames(m_model->fields().names());
}

QString LogsWidget::rangeText() const
{
    if (!m_model->hasTimeRange())
        return {};
    const auto fmt = [](qint64 ms) {
        return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    };
    return tr(" · range %1 – %2").arg(fmt(m_model->rangeFromMs()), fmt(m_model->rangeToMs()));
}

void LogsWidget::refreshStatus()
{
    // An export reports its progress there, and its outcome for a few seconds.
    if (m_exporter->isRunning() || QDateTime::currentMSecsSinceEpoch() < m_statusHoldUntil)
        return;
    const QLocale locale;
    m_status->setText(tr("%1 shown · %2 held of %3 · %4%5")
                          .arg(locale.toString(m_model->rowCount()),
                               locale.toString(qint64(m_model->heldLines())),
                               locale.toString(qint64(m_model->capacity())),
                               locale.formattedDataSize(qint64(m_model->memoryBytes())),
                               rangeText()));
}

} // namespace bb::plugins::logs
