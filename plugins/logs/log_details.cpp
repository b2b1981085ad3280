#include "log_details.h"

#include "logview/field_table.h"
#include "logview/log_line.h"
#include "trace_loader.h"
#include "trace_waterfall.h"

#include <QHeaderView>
#include <QJsonDocument>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QTabBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace bb::plugins::logs {

LogDetails::LogDetails(QWidget *parent)
    : QWidget(parent)
    , m_tabs(new QTabBar(this))
    , m_stack(new QStackedWidget(this))
    , m_fields(new QTableWidget(0, 2, this))
    , m_json(new QPlainTextEdit(this))
    , m_waterfall(new common::TraceWaterfall(this))
    , m_loader(new TraceLoader(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_fields->setHorizontalHeaderLabels({tr("Field"), tr("Value")});
    m_fields->horizontalHeader()->setStretchLastSection(true);
    m_fields->verticalHeader()->hide();
    m_fields->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_fields->setWordWrap(false);
    m_json->setReadOnly(true);
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->setSpacing(0);
    m_tabs->addTab(tr("Fields"));
    m_tabs->addTab(tr("JSON"));
    m_tabs->addTab(tr("Trace"));
    m_tabs->setDrawBase(false);
    m_tabs->setExpanding(false);
    m_stack->addWidget(m_fields);
    m_stack->addWidget(m_json);
    m_stack->addWidget(m_waterfall);
    layout->addWidget(m_tabs);
    layout->addWidget(m_stack, 1);
    connect(m_tabs, &QTabBar::currentChanged, this, [this](int index) {
        m_stack->setCurrentIndex(index);
        loadTraceIfShown();
    });
    connect(m_loader, &TraceLoader::loaded, this, [this](const QString &id, const QByteArray &j) {
        if (id == m_traceId)
            m_waterfall->setTrace(j);
    });
    connect(m_loader, &TraceLoader::failed, this, [this](const QString &id, const QString &why) {
        if (id == m_traceId)
            m_waterfall->setUnavailable(why);
    });
    clear();
}

void LogDetails::clear()
{
    m_fields->setRowCount(0);
    m_json->clear();
    m_traceId.clear();
    m_loadedTraceId.clear();
    m_waterfall->setUnavailable(tr("Select a line with a trace id to see its trace"));
    m_tabs->setTabEnabled(TraceTab, false);
}

void LogDetails::showLine(const logview::LogLine &line, const logview::FieldTable &fields)
{
    const QByteArray json = QByteArray::fromStdString(logview::toJsonLine(line, fields));
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    m_json->setPlainText(QString::fromUtf8(doc.toJson(QJsonDocument::Indented)));
    QList<QPair<QString, QString>> rows{
        {QStringLiteral("ts"), QString::fromStdString(logview::isoTime(line.tsMs))},
        {QStringLiteral("level"), logview::severityLabel(line.level)},
        {QStringLiteral("msg"),
         QString::fromUtf8(line.msg().data(), qsizetype(line.msg().size()))}};
    if (line.seq)
        rows.append({QStringLiteral("seq"), QString::number(line.seq)});
    if (!line.traceId().empty())
        rows.append({QStringLiteral("traceId"),
                     QString::fromUtf8(line.traceId().data(), qsizetype(line.traceId().size()))});
    line.forEachField([&](const logview::FieldRef &f) {
        rows.append({QString::fromStdString(fields.name(f.id)),
                     QString::fromUtf8(f.value.data(), qsizetype(f.value.size()))});
    });
    m_fields->setRowCount(int(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        m_fields->setItem(i, 0, new QTableWidgetItem(rows[i].first));
        m_fields->setItem(i, 1, new QTableWidgetItem(rows[i].second));
    }
    m_fields->resizeColumnToContents(0);
    m_traceId = QString::fromUtf8(line.traceId().data(), qsizetype(line.traceId().size()));
    m_tabs->setTabEnabled(TraceTab, !m_traceId.isEmpty());
    if (m_traceId.isEmpty()) {
        m_waterfall->setUnavailable(tr("This line has no trace id"));
        if (m_tabs->currentIndex() == TraceTab)
            m_tabs->setCurrentIndex(FieldsTab);
    }
    loadTraceIfShown();
}

void LogDetails::showTrace(const QString &traceId)
{
    m_traceId = traceId;
    m_tabs->setTabEnabled(TraceTab, !traceId.isEmpty());
    m_loadedTraceId.clear();
    if (m_tabs->currentIndex() == TraceTab)
        loadTraceIfShown();
    else
        m_tabs->setCurrentIndex(TraceTab); // loads through currentChanged
}

QString LogDetails::jsonText() const
{
    return m_json->toPlainText();
}

void LogDetails::loadTraceIfShown()
{
    if (m_tabs->currentIndex() != TraceTab || m_traceId.isEmpty() || m_traceId == m_loadedTraceId)
        return;
    m_loadedTraceId = m_traceId;
    const auto [base, token] = m_traceApi ? m_traceApi() : std::pair<QUrl, QString>{};
    if (base.isEmpty()) {
        m_waterfall->setUnavailable(
            tr("Trace %1: this source is a file, which has no trace API. Open the same backend "
               "as an engine source to see its traces.")
                .arg(m_traceId));
        return;
    }
    m_waterfall->setUnavailable(tr("Loading trace %1…").arg(m_traceId));
    m_loader->load(base, token, m_traceId);
}

} // namespace bb::plugins::logs
