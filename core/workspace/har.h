// HAR 1.2 (HTTP Archive) import and export: what browsers' devtools and proxies save.
#pragma once

#include "common/result.h"
#include "workspace/request.h"

#include <QDateTime>

namespace bb::workspace {

/// One request per `log.entries[]` item, in capture order, at the collection's top level.
/// HTTP/2 pseudo-headers (:authority, ...) are dropped with a warning: they restate the URL.
bb::Result<ImportReport> importHar(const QByteArray &json);

/// The phases of one exchange in milliseconds, as HAR 1.2 defines them. -1 marks a phase that
/// did not happen (no DNS lookup on a reused connection, no TLS over plain HTTP); send, wait and
/// receive always happen and are never negative in the export.
struct HarTimings {
    double blocked = -1;
    double dns = -1;
    double connect = -1; ///< includes ssl, as HAR 1.2 says
    double ssl = -1;
    double send = 0;
    double wait = 0;
    double receive = 0;

    bool operator==(const HarTimings &) const = default;
};

struct HarResponse {
    int status = 0;
    QString statusText;
    QString httpVersion = QStringLiteral("HTTP/1.1");
    QList<KeyValue> headers;
    QByteArray body;
    qint64 bodySize = -1; ///< bytes on the wire (-1 = unknown); body may be a decoded preview
    QString redirectUrl;

    bool operator==(const HarResponse &) const = default;
};

/// One request/response exchange, in client-neutral terms (the tester converts its own types).
struct HarEntry {
    QDateTime started;
    HttpRequest request; ///< as sent: variables resolved
    QString httpVersion = QStringLiteral("HTTP/1.1");
    HarResponse response;
    HarTimings timings;
    QString serverIp;

    bool operator==(const HarEntry &) const = default;
};

/// A HAR 1.2 log of the entries, in order. `time` of an entry is the sum of its phases that
/// happened, with ssl counted once (inside connect). A body that is not UTF-8 is written as
/// base64 (`content.encoding`). importHar reads the requests back.
QByteArray exportHar(const QList<HarEntry> &entries);

} // namespace bb::workspace
