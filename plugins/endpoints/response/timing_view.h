// bb::plugins::endpoints — the Timing tab: a bar per phase of the transfer (DNS, connect, TLS,
// waiting for the first byte, download) on one time axis, with the redirect chain.
#pragma once

#include "client/http_types.h"

#include <QList>
#include <QWidget>

class QLabel;

namespace bb::plugins::endpoints {

struct TimingPhase {
    QString name;
    qint64 startUs = 0;
    qint64 durationUs = 0;
};

/// The phases libcurl's cumulative timings describe. Phases that did not happen (TLS on plain
/// http, DNS and connect on a reused connection) are left out; so are those libcurl could not
/// measure (-1). Followed redirects come first, as one "Redirects" phase.
QList<TimingPhase> timingPhases(const client::PhaseTimings &timings);

class TimingView : public QWidget {
    Q_OBJECT
public:
    explicit TimingView(QWidget *parent = nullptr);
    void setResponse(const client::HttpResponse &response);
    void clear();
    const QList<TimingPhase> &phases() const { return m_phases; }
    qint64 totalUs() const { return m_totalUs; }
    /// The notes under the bars (redirect chain, reused connection).
    QString notes() const;

protected:
    void paintEvent(QPaintEvent *event) override;
    QSize sizeHint() const override;

private:
    QList<TimingPhase> m_phases;
    qint64 m_totalUs = 0;
    QLabel *m_notes;
};

} // namespace bb::plugins::endpoints
