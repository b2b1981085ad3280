// bb::plugins::logs — fetches one trace (GET <base>/api/admin/traces/{id}) for the details
// pane's Trace tab; only the newest request's answer is reported.
#pragma once

#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>

namespace bb::client {
class HttpClient;
}

namespace bb::plugins::logs {

class TraceLoader : public QObject {
    Q_OBJECT
public:
    explicit TraceLoader(QObject *parent = nullptr);
    ~TraceLoader() override;

    /// Asks `base` for the trace; a load still running is superseded.
    void load(const QUrl &base, const QString &token, const QString &traceId);

signals:
    void loaded(const QString &traceId, const QByteArray &json);
    void failed(const QString &traceId, const QString &why);

private:
    std::unique_ptr<client::HttpClient> m_http;
    quint64 m_generation = 0;
};

} // namespace bb::plugins::logs
