#include "timing_view.h"

#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>

namespace bb::plugins::endpoints {

namespace {
constexpr int kRowHeight = 24;
constexpr int kTop = 8;

QString ms(qint64 us)
{
    return QStringLiteral("%1 ms").arg(double(us) / 1000, 0, 'f', us < 10'000 ? 2 : 1);
}
} // namespace

QList<TimingPhase> timingPhases(const client::PhaseTimings &t)
{
    QList<TimingPhase> out;
    const qint64 base = std::max<qint64>(0, t.redirectUs);
    if (t.redirectUs > 0)
        out.append({QObject::tr("Redirects"), 0, t.redirectUs});
    // Each value is cumulative from the start; a phase ends at its own mark and starts at the
    // latest mark before it, so a skipped phase (0) adds nothing.
    qint64 mark = base;
    auto phase = [&](const QString &name, qint64 end, bool show) {
        if (end < 0)
            return; // not measured
        end = std::max(end, mark);
        if (show)
            out.append({name, mark, end - mark});
        mark = end;
    };
    phase(QObject::tr("DNS lookup"), t.dnsUs, t.dnsUs > 0);
    phase(QObject::tr("TCP connect"), t.connectUs, t.connectUs > 0);
    phase(QObject::tr("TLS handshake"), t.tlsUs, t.tlsUs > 0);
    // Between the handshake and pre-transfer libcurl only prepares the request: no bar.
    if (t.preTransferUs >= 0)
        mark = std::max(mark, t.preTransferUs);
    phase(QObject::tr("Waiting (TTFB)"), t.ttfbUs, t.ttfbUs >= 0);
    phase(QObject::tr("Download"), t.totalUs, t.totalUs >= 0 && t.ttfbUs >= 0);
    return out;
}

TimingView::TimingView(QWidget *parent)
    : QWidget(parent)
    , m_notes(new QLabel(this))
{
    m_notes->setWordWrap(true);
    m_notes->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notes->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_notes);
    layout->addStretch(1);
    clear();
}

void TimingView::clear()
{
    m_phases.clear();
    m_totalUs = 0;
    m_notes->setText(tr("No timings yet."));
    layout()->setContentsMargins(8, kTop, 8, 8);
    updateGeometry();
    update();
}

void TimingView::setResponse(const client::HttpResponse &response)
{
    m_phases = timingPhases(response.timings);
    m_totalUs = std::max<qint64>(0, response.timings.totalUs);
    for (const TimingPhase &p : m_phases)
        m_totalUs = std::max(m_totalUs, p.startUs + p.durationUs);
    QStringList notes;
    if (response.timings.totalUs >= 0)
        notes << tr("Total: %1").arg(ms(response.timings.totalUs));
    if (response.connectionReused)
        notes << tr("The connection was reused: no DNS lookup, connect or TLS handshake.");
    if (!response.redirects.isEmpty()) {
        notes << tr("Redirect chain:");
        for (const client::RedirectHop &hop : response.redirects)
            notes << QStringLiteral("  %1  %2 → %3")
                         .arg(QString::number(hop.status), hop.url, hop.location);
        notes << QStringLiteral("  %1  %2")
                     .arg(QString::number(response.status), response.effectiveUrl);
    }
    m_notes->setText(notes.join(QLatin1Char('\n')));
    // The bars are painted above the notes.
    layout()->setContentsMargins(8, kTop + int(m_phases.size()) * kRowHeight + 8, 8, 8);
    updateGeometry();
    update();
}

QString TimingView::notes() const
{
    return m_notes->text();
}

QSize TimingView::sizeHint() const
{
    return QSize(400, kTop + int(m_phases.size()) * kRowHeight + m_notes->sizeHint().height());
}

void TimingView::paintEvent(QPaintEvent *)
{
    if (m_phases.isEmpty() || m_totalUs <= 0)
        return;
    QPainter p(this);
    const QFontMetrics fm(font());
    int labelWidth = 0;
    for (const TimingPhase &ph : m_phases)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(ph.name));
    const int figureWidth = fm.horizontalAdvance(QStringLiteral("0000.00 ms"));
    const int left = 8 + labelWidth + 12;
    const int barWidth = std::max(40, width() - left - figureWidth - 16);
    const QColor colors[] = {QColor(0x8e, 0x7c, 0xc3), QColor(0x3f, 0x8f, 0xc8),
                             QColor(0xe0, 0x8e, 0x2b), QColor(0xc8, 0x5a, 0x9c),
                             QColor(0x4c, 0xa6, 0x6e), QColor(0x3c, 0xa0, 0xa0)};
    for (int i = 0; i < m_phases.size(); ++i) {
        const TimingPhase &ph = m_phases[i];
        const int y = kTop + i * kRowHeight;
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(8, y, labelWidth, kRowHeight), Qt::AlignVCenter | Qt::AlignLeft, ph.name);
        const int x = left + int(double(ph.startUs) / double(m_totalUs) * barWidth);
        const int w = std::max(2, int(double(ph.durationUs) / double(m_totalUs) * barWidth));
        p.fillRect(QRect(x, y + 5, w, kRowHeight - 10), colors[i % 6]);
        p.drawText(QRect(left + barWidth + 8, y, figureWidth + 8, kRowHeight),
                   Qt::AlignVCenter | Qt::AlignRight, ms(ph.durationUs));
    }
}

} // namespace bb::plugins::endpoints
