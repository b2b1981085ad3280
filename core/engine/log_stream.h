// bb::engine — GET /api/admin/logs/stream: the log ring as server-sent events. Each client
// replays what it missed (seq > Last-Event-ID) from the ring, paced by its socket, then follows
// the ring live; a client that falls too far behind is dropped, never waited for.
#pragma once

#include "engine/log_filter.h"
#include "engine/services.h"
#include "http/message.h"

#include <chrono>
#include <optional>

namespace bb::engine {

/// Between events, a comment keeps proxies and EventSource from timing the stream out.
inline constexpr std::chrono::seconds kLogStreamKeepalive{15};

/// The streamed response for one client. `lastEventId` empty: live records only. Without
/// `follow` the stream ends once the replay has caught up (a catch-up poll over SSE).
http::Response logStreamResponse(Services &s, LogFilter filter,
                                 std::optional<std::uint64_t> lastEventId, bool follow = true);

/// One record as an SSE event: `id: <seq>\nevent: log\ndata: <JSON>\n\n`.
std::string logEvent(const telemetry::LogRecord &record);

} // namespace bb::engine
