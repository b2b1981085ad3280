// bb::plugins::endpoints — the strip above a response: status (coloured by class), time, size,
// and whether the engine's side of the request (its trace) is available.
#pragma once

#include "client/http_types.h"

#include <QWidget>

class QLabel;

namespace bb::plugins::endpoints {

class ResponseStatus : public QWidget {
    Q_OBJECT
public:
    explicit ResponseStatus(QWidget *parent = nullptr);

    void clear();
    void showRunning();
    void showResponse(const client::HttpResponse &response);
    /// The request never went out (bad URL, unknown file, ...).
    void showError(const QString &message);
    void setNote(const QString &note);

    QString statusText() const;

private:
    QLabel *m_status = nullptr;
    QLabel *m_time = nullptr;
    QLabel *m_size = nullptr;
    QLabel *m_note = nullptr;
};

/// "1.2 KB", "532 B", "4.0 MB".
QString formatBytes(qint64 bytes);
/// "84 ms", "1.42 s".
QString formatMicros(qint64 micros);

} // namespace bb::plugins::endpoints
