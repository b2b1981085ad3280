// bb::plugins::endpoints — the sent-request history as a HAR 1.2 log, for browsers' devtools,
// proxies and other tools to open.
#pragma once

#include "workspace/har.h"
#include "workspace/request.h"

#include <QByteArray>

namespace bb::client {
struct PhaseTimings;
}

namespace bb::workspace {
class HistoryStore;
struct HistoryEntry;
} // namespace bb::workspace

namespace bb::plugins::endpoints {

/// The request with its credentials replaced by "***": the values of the Authorization,
/// Proxy-Authorization, Cookie and Set-Cookie headers and the auth's password, token, API key
/// and secrets.
workspace::HttpRequest withoutCredentials(workspace::HttpRequest request);
/// libcurl's cumulative phase times as HAR's consecutive phases, in ms. HAR's `connect` includes
/// `ssl`; phases that did not happen (a reused connection, plain http) are -1.
workspace::HarTimings harTimings(const client::PhaseTimings &timings);
/// One history entry as a HAR entry, credentials masked (withoutCredentials), with the phases
/// recorded at send time (entries from before they were kept: the total as `wait`); the body is
/// the stored preview.
workspace::HarEntry harEntry(const workspace::HistoryEntry &entry);
/// Every entry, oldest first (the order a HAR log is read in).
QByteArray historyAsHar(const workspace::HistoryStore &history);

} // namespace bb::plugins::endpoints
