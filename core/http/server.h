// bb::http — the HTTP/1.1 server: listener, sessions, limits, pipelining, graceful stop.
#pragma once

#include "common/result.h"
#include "http/message.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace bb::http {

/// Per-connection limits; each breach has a defined answer (see DESIGN §3).
struct Limits {
    std::size_t headerBytes = 16 * 1024;      ///< request line + headers; breach → 431
    std::size_t bodyBytes = 10 * 1024 * 1024; ///< breach → 413
    std::chrono::milliseconds headerTimeout{
        10'000}; ///< until headers are complete; breach → 408 and close
    std::chrono::milliseconds idleTimeout{60'000}; ///< keep-alive idle; breach → close
    int maxConnections = 10'000;                   ///< beyond it new connections are refused
    int pipelineDepth = 16;                        ///< requests answered per read batch
};

struct ServerConfig {
    std::string bindAddress = "127.0.0.1";
    std::uint16_t port = 8080; ///< 0 picks a free port; read it back from Server::port()
    int threads = 0;           ///< 0 = std::thread::hardware_concurrency()
    Limits limits;
    std::string tlsCertFile; ///< PEM; TLS is on when both files are set
    std::string tlsKeyFile;
};

/// Counters a status bar or a metrics exporter may read at any time from any thread.
struct ServerStats {
    std::int64_t openConnections = 0;
    std::int64_t acceptedConnections = 0;
    std::int64_t refusedConnections = 0; ///< over maxConnections
    std::int64_t requests = 0;           ///< handed to the handler
    std::int64_t rejectedRequests = 0;   ///< answered by the server itself (400/408/413/431)
};

/// Called when the server itself rejects a request (malformed, too large, too slow).
/// Runs on an I/O thread; must be cheap and must not throw.
using RejectObserver =
    std::function<void(int status, std::string_view reason, const std::string &remote)>;

class Server {
public:
    Server(ServerConfig config, Handler handler);
    ~Server(); ///< stops if still running
    Server(const Server &) = delete;
    Server &operator=(const Server &) = delete;

    void setRejectObserver(RejectObserver observer); ///< before start()

    /// Binds, starts the I/O threads and returns the bound port.
    Result<std::uint16_t> start();

    /// Graceful stop: stop accepting, let in-flight requests finish and be written (up to
    /// `grace`), close idle connections, then join the threads. Safe to call twice.
    void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));

    bool running() const;
    std::uint16_t port() const;
    ServerStats stats() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace bb::http
