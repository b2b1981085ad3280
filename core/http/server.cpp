#include "http/server.h"

#include "http/session.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>

#include <QString>

#include <future>
#include <optional>
#include <thread>
#include <vector>

namespace bb::http {

namespace ssl = asio::ssl;

struct Server::Impl {
    ServerConfig config;
    // Declared before the io_context: sessions still queued in it when it is destroyed
    // unregister themselves from here.
    ServerContext ctx;
    std::unique_ptr<asio::io_context> ioc;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::unique_ptr<tcp::acceptor> acceptor;
    std::unique_ptr<asio::steady_timer> acceptRetry;
    std::unique_ptr<ssl::context> tls;
    std::vector<std::thread> threads;
    std::atomic<bool> running{false};
    std::atomic<std::uint16_t> port{0};
    bool singleThread = false;
    std::mutex lifecycle;

    void accept()
    {
        // With one I/O thread nothing runs concurrently, so a session needs no strand to keep
        // its timer and its I/O apart; the strand's locking is measurable per request.
        asio::any_io_executor executor = singleThread
                                             ? asio::any_io_executor(ioc->get_executor())
                                             : asio::any_io_executor(asio::make_strand(*ioc));
        acceptor->async_accept(
            executor, [this](error_code ec, tcp::socket s) { onAccept(ec, std::move(s)); });
    }

    void onAccept(error_code ec, tcp::socket socket)
    {
        if (!acceptor->is_open() || ec == asio::error::operation_aborted)
            return;
        if (ec) {
            // Usually out of file descriptors: back off instead of spinning on the error.
            acceptRetry->expires_after(std::chrono::milliseconds(50));
            acceptRetry->async_wait([this](error_code e) {
                if (!e && acceptor->is_open())
                    accept();
            });
            return;
        }
        error_code ignored;
        if (ctx.stopping.load() || ctx.openConnections.load() >= ctx.limits.maxConnections) {
            ctx.refusedConnections.fetch_add(1, std::memory_order_relaxed);
            socket.close(ignored);
            return accept();
        }
        ctx.acceptedConnections.fetch_add(1, std::memory_order_relaxed);
        socket.set_option(tcp::no_delay(true), ignored);
        const auto endpoint = socket.remote_endpoint(ignored);
        std::string remote = ignored ? std::string() : endpoint.address().to_string();
        if (tls) {
            using TlsStream = ssl::stream<tcp::socket>;
            auto session = std::make_shared<Session<TlsStream>>(
                ctx, TlsStream(std::move(socket), *tls), std::move(remote));
            session->start(ctx.registerSession(session));
        } else {
            auto session =
                std::make_shared<Session<tcp::socket>>(ctx, std::move(socket), std::move(remote));
            session->start(ctx.registerSession(session));
        }
        accept();
    }

    std::vector<std::shared_ptr<SessionControl>> liveSessions()
    {
        std::vector<std::shared_ptr<SessionControl>> out;
        std::lock_guard lock(ctx.mutex);
        out.reserve(ctx.sessions.size());
        for (auto &[id, weak] : ctx.sessions) {
            if (auto s = weak.lock())
                out.push_back(std::move(s));
        }
        return out;
    }

    // Waits until every session is gone or `until` passes; true when none is left.
    bool waitForSessions(std::chrono::steady_clock::time_point until)
    {
        std::unique_lock lock(ctx.mutex);
        return ctx.sessionsGone.wait_until(lock, until, [&] { return ctx.sessions.empty(); });
    }

    Result<void> setupTls()
    {
        if (config.tlsCertFile.empty() || config.tlsKeyFile.empty())
            return {};
        tls = std::make_unique<ssl::context>(ssl::context::tls_server);
        tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                         ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                         ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
        error_code ec;
        tls->use_certificate_chain_file(config.tlsCertFile, ec);
        if (!ec)
            tls->use_private_key_file(config.tlsKeyFile, ssl::context::pem, ec);
        if (ec) {
            tls.reset();
            return Error::io(QStringLiteral("cannot load TLS certificate or key: %1")
                                 .arg(QString::fromStdString(ec.message())));
        }
        return {};
    }

    Result<std::uint16_t> listen()
    {
        error_code ec;
        const auto address = asio::ip::make_address(config.bindAddress, ec);
        if (ec) {
            return Error::invalid(QStringLiteral("invalid bind address '%1'")
                                      .arg(QString::fromStdString(config.bindAddress)));
        }
        const tcp::endpoint endpoint(address, config.port);
        acceptor = std::make_unique<tcp::acceptor>(asio::make_strand(*ioc));
        acceptor->open(endpoint.protocol(), ec);
        if (!ec)
            acceptor->set_option(asio::socket_base::reuse_address(true), ec);
        if (!ec)
            acceptor->bind(endpoint, ec);
        if (!ec)
            acceptor->listen(asio::socket_base::max_listen_connections, ec);
        if (ec) {
            acceptor.reset();
            return Error::io(QStringLiteral("cannot listen on %1:%2: %3")
                                 .arg(QString::fromStdString(config.bindAddress))
                                 .arg(config.port)
                                 .arg(QString::fromStdString(ec.message())));
        }
        acceptRetry = std::make_unique<asio::steady_timer>(acceptor->get_executor());
        return acceptor->local_endpoint().port();
    }
};

Server::Server(ServerConfig config, Handler handler)
    : d(std::make_unique<Impl>())
{
    d->config = std::move(config);
    d->ctx.handler = std::move(handler);
    d->ctx.limits = d->config.limits;
}

Server::~Server()
{
    stop();
}

void Server::setRejectObserver(RejectObserver observer)
{
    d->ctx.rejectObserver = std::move(observer);
}

Result<std::uint16_t> Server::start()
{
    std::lock_guard lock(d->lifecycle);
    if (d->running.load())
        return Error::internal(QStringLiteral("the server is already running"));
    if (!d->ctx.handler)
        return Error::invalid(QStringLiteral("the server has no handler"));
    const unsigned hw = std::thread::hardware_concurrency();
    const int threads = d->config.threads > 0 ? d->config.threads : int(hw > 0 ? hw : 1);
    d->ctx.stopping.store(false);
    d->ioc = std::make_unique<asio::io_context>(threads);
    d->singleThread = threads == 1;
    if (auto tls = d->setupTls(); !tls) {
        d->ioc.reset();
        return tls.error();
    }
    auto bound = d->listen();
    if (!bound) {
        d->tls.reset();
        d->ioc.reset();
        return bound.error();
    }
    d->port.store(*bound);
    d->work.emplace(d->ioc->get_executor());
    d->accept();
    for (int i = 0; i < threads; ++i) {
        d->threads.emplace_back([ioc = d->ioc.get()] {
            for (;;) {
                try {
                    ioc->run();
                    return;
                } catch (...) {
                    // Whatever escaped belonged to one session, which is gone with its
                    // handler; the thread keeps serving the others.
                }
            }
        });
    }
    d->running.store(true);
    return *bound;
}

void Server::stop(std::chrono::milliseconds grace)
{
    std::lock_guard lock(d->lifecycle);
    if (!d->ioc)
        return;
    d->ctx.stopping.store(true);

    // Close the acceptor on its strand and wait, so connections are refused from here on.
    std::promise<void> closed;
    asio::post(d->acceptor->get_executor(), [&] {
        error_code ignored;
        d->acceptor->close(ignored);
        d->acceptRetry->cancel();
        closed.set_value();
    });
    closed.get_future().wait();
    d->running.store(false);

    for (auto &session : d->liveSessions())
        session->stopGracefully();
    const auto deadline = std::chrono::steady_clock::now() + grace;
    if (!d->waitForSessions(deadline)) {
        for (auto &session : d->liveSessions())
            session->forceClose();
        d->waitForSessions(std::chrono::steady_clock::now() + std::chrono::seconds(1));
    }

    d->work.reset();
    d->ioc->stop();
    for (auto &t : d->threads)
        t.join();
    d->threads.clear();
    d->acceptRetry.reset();
    d->acceptor.reset();
    d->ioc.reset(); // destroys handlers that never ran, and the sessions they held
    d->tls.reset();
}

bool Server::running() const
{
    return d->running.load();
}

std::uint16_t Server::port() const
{
    return d->port.load();
}

ServerStats Server::stats() const
{
    ServerStats s;
    s.openConnections = d->ctx.openConnections.load(std::memory_order_relaxed);
    s.acceptedConnections = d->ctx.acceptedConnections.load(std::memory_order_relaxed);
    s.refusedConnections = d->ctx.refusedConnections.load(std::memory_order_relaxed);
    s.requests = d->ctx.requests.load(std::memory_order_relaxed);
    s.rejectedRequests = d->ctx.rejectedRequests.load(std::memory_order_relaxed);
    return s;
}

} // namespace bb::http
