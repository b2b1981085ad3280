#include "server_widget.h"

#include "engine/engine_controller.h"
#include "live_stats_view.h"
#include "recent_requests_model.h"
#include "requests_view.h"
#include "route_table_model.h"
#include "routes_view.h"
#include "server_monitor.h"
#include "server_settings.h"
#include "settings_form.h"
#include "shell/engine_status.h"
#include "shell/theme.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace bb::plugins::server {

namespace {
void setTextColor(QWidget *w, const QColor &c)
{
    QPalette pal = w->palette();
    pal.setColor(QPalette::WindowText, c);
    pal.setColor(QPalette::ButtonText, c);
    w->setPalette(pal);
}
} // namespace

ServerWidget::ServerWidget(engine::EngineController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_settings(new ServerSettings(controller, this))
    , m_monitor(new ServerMonitor(controller, this))
{
    setObjectName(QStringLiteral("serverPanel"));

    auto *settingsBox = new QGroupBox(tr("Settings"), this);
    m_form = new SettingsForm(m_settings, settingsBox);
    auto *settingsLayout = new QVBoxLayout(settingsBox);
    settingsLayout->addWidget(m_form);
    settingsLayout->addStretch(1);

    auto *liveBox = new QGroupBox(tr("Live"), this);
    m_live = new LiveStatsView(m_monitor->stats(), liveBox);
    auto *liveLayout = new QVBoxLayout(liveBox);
    liveLayout->addWidget(m_live);

    auto *upper = new QWidget(this);
    auto *upperLayout = new QHBoxLayout(upper);
    upperLayout->setContentsMargins(0, 0, 0, 0);
    upperLayout->addWidget(settingsBox, 2);
    upperLayout->addWidget(liveBox, 3);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("serverTabs"));
    m_requests = new RequestsView(m_monitor->requests(), m_tabs);
    m_routes = new RoutesView(m_monitor->routes(), m_tabs);
    m_tabs->addTab(m_requests, tr("Recent requests"));
    m_tabs->addTab(m_routes, tr("Routes and resources"));

    auto *split = new QSplitter(Qt::Vertical, this);
    split->setChildrenCollapsible(false);
    split->addWidget(upper);
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    // Room for the chart by default; the user may drag the divider.
    split->setSizes({420, 340});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 8);
    layout->setSpacing(8);
    layout->addWidget(buildHeader());
    layout->addWidget(buildBanner());
    layout->addWidget(split, 1);

    connect(m_settings, &ServerSettings::changed, this, &ServerWidget::updateState);
    connect(m_start, &QPushButton::clicked, this, [this] { runAction(&ServerSettings::start); });
    connect(m_restart, &QPushButton::clicked, this,
            [this] { runAction(&ServerSettings::restart); });
    connect(m_stop, &QPushButton::clicked, m_settings, &ServerSettings::stop);
    connect(m_address, &QPushButton::clicked, this, &ServerWidget::copyAddress);
    connect(m_monitor->routes(), &QAbstractItemModel::modelReset, this, [this] {
        m_tabs->setTabText(1, tr("Routes and resources (%1)").arg(m_monitor->routes()->rowCount()));
    });
    updateState();
}

ServerWidget::~ServerWidget() = default;

QWidget *ServerWidget::buildHeader()
{
    auto *header = new QWidget(this);
    auto *row = new QHBoxLayout(header);
    row->setContentsMargins(0, 0, 0, 0);
    auto *title = new QLabel(tr("Embedded engine"), header);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.3);
    f.setBold(true);
    title->setFont(f);
    m_state = new QLabel(header);
    m_state->setObjectName(QStringLiteral("engineStateLabel"));
    m_address = new QPushButton(header);
    m_address->setObjectName(QStringLiteral("addressButton"));
    m_address->setFlat(true);
    m_address->setCursor(Qt::PointingHandCursor);
    m_address->setToolTip(tr("Click to copy the address"));
    m_start = new QPushButton(tr("&Start"), header);
    m_start->setObjectName(QStringLiteral("startButton"));
    m_stop = new QPushButton(tr("S&top"), header);
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_restart = new QPushButton(tr("&Restart"), header);
    m_restart->setObjectName(QStringLiteral("restartButton"));
    row->addWidget(title);
    row->addSpacing(12);
    row->addWidget(m_state);
    row->addWidget(m_address);
    row->addStretch(1);
    row->addWidget(m_start);
    row->addWidget(m_stop);
    row->addWidget(m_restart);
    return header;
}

QWidget *ServerWidget::buildBanner()
{
    m_banner = new QFrame(this);
    m_banner->setObjectName(QStringLiteral("problemBanner"));
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_banner->setAutoFillBackground(true);
    m_banner->setBackgroundRole(QPalette::AlternateBase);
    auto *v = new QVBoxLayout(m_banner);
    v->setContentsMargins(12, 8, 12, 8);
    m_problemTitle = new QLabel(m_banner);
    QFont f = m_problemTitle->font();
    f.setBold(true);
    m_problemTitle->setFont(f);
    m_problemText = new QLabel(m_banner);
    m_problemText->setObjectName(QStringLiteral("problemText"));
    m_problemText->setWordWrap(true);
    m_problemText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(m_problemTitle);
    v->addWidget(m_problemText);
    return m_banner;
}

void ServerWidget::updateState()
{
    using State = engine::EngineController::State;
    const shell::EngineStatus st = shell::describeEngine(m_controller);
    const State state = m_controller ? m_controller->state() : State::Stopped;
    m_state->setText(st.headline);
    setTextColor(m_state, shell::toneColor(palette(), st.tone));
    m_address->setVisible(!st.address.isEmpty());
    if (!st.address.isEmpty() && m_address->property("copied").toBool() == false)
        m_address->setText(st.address);

    const bool haveEngine = m_controller != nullptr;
    m_start->setEnabled(haveEngine && (state == State::Stopped || state == State::Failed));
    m_stop->setEnabled(haveEngine && state == State::Running);
    m_restart->setEnabled(haveEngine && state == State::Running);

    const bool problem = state == State::Stopped || state == State::Failed || !haveEngine;
    m_banner->setVisible(problem);
    if (problem) {
        m_problemTitle->setText(state == State::Failed ? tr("The engine could not start")
                                                       : tr("The engine is stopped"));
        setTextColor(m_problemTitle, shell::toneColor(palette(), st.tone));
        QStringList lines;
        if (state == State::Failed && !st.detail.isEmpty())
            lines << st.detail;
        if (!st.hint.isEmpty())
            lines << st.hint;
        m_problemText->setText(lines.join(QLatin1Char('\n')));
    }
}

void ServerWidget::runAction(bool (ServerSettings::*action)(QString *))
{
    QString error;
    if (!(m_settings->*action)(&error)) {
        m_banner->setVisible(true);
        m_problemTitle->setText(tr("Check the settings"));
        setTextColor(m_problemTitle, shell::toneColor(palette(), shell::Tone::Danger));
        m_problemText->setText(error);
    }
}

void ServerWidget::copyAddress()
{
    const QString url = m_controller ? m_controller->baseUrl().toString() : QString();
    if (url.isEmpty())
        return;
    QApplication::clipboard()->setText(url);
    m_address->setProperty("copied", true);
    m_address->setText(tr("Copied %1 ✓").arg(url));
    QTimer::singleShot(1500, m_address, [this] {
        m_address->setProperty("copied", false);
        updateState();
    });
}

void ServerWidget::showEvent(QShowEvent *event)
{
    m_monitor->setActive(true);
    QWidget::showEvent(event);
}

void ServerWidget::hideEvent(QHideEvent *event)
{
    m_monitor->setActive(false);
    QWidget::hideEvent(event);
}

void ServerWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        updateState();
    QWidget::changeEvent(event);
}

} // namespace bb::plugins::server
