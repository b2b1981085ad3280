// bb::logview — where the Logs panel's lines come from: a running Backbench engine (embedded or
// remote, over its admin logs API) or a JSON-lines file. A source pushes raw lines into the
// model's LogIngest and reports its state as text for the panel's status line.
#pragma once

#include <QObject>
#include <QString>
#include <QUrl>

namespace bb::logview {

class LogIngest;

class LogSource : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Connecting, Live, Error };

    explicit LogSource(LogIngest *ingest, QObject *parent = nullptr);

    virtual void start() = 0;
    virtual void stop() = 0;
    /// Where the lines come from, for the status line ("engine http://…", a file path).
    virtual QString describe() const = 0;
    /// The base URL that serves /api/admin/traces/{id} for this source's trace ids; empty when
    /// it has none (a file).
    virtual QUrl traceApiBase() const { return {}; }
    /// A bearer token for traceApiBase(), asked for each call.
    virtual QString accessToken() const { return {}; }

    State state() const { return m_state; }
    QString statusText() const { return m_status; }

signals:
    void stateChanged(bb::logview::LogSource::State state, const QString &text);

protected:
    void setState(State state, const QString &text);
    LogIngest *ingest() const { return m_ingest; }

private:
    LogIngest *m_ingest;
    State m_state = State::Idle;
    QString m_status;
};

} // namespace bb::logview
