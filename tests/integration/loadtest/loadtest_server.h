// A tiny HTTP/1.1 server for the load generator's tests, on 127.0.0.1 and one Asio thread, whose
// behaviour is chosen by the request path:
//   /delay/N        answer after N ms            /status/N     answer with status N
//   /json           {"items":[{"id":7}]}         /chunked      a chunked body in two chunks
//   /close-mid      half a response, then close  /close-after  "Connection: close", then close
//   /hang           never answer                 /garbage      bytes that are not HTTP
//   anything else   200 "ok"
// freeze(P) holds every answer (also those already due) until P from now, like a stopped server.
// It counts requests and remembers the paths it saw.
#pragma once

#include <boost/asio.hpp>

#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

class LoadTestServer {
public:
    LoadTestServer()
        : m_acceptor(m_io, {boost::asio::ip::make_address("127.0.0.1"), 0})
    {
        accept();
        m_thread = std::thread([this] { m_io.run(); });
    }
    ~LoadTestServer()
    {
        m_io.stop();
        m_thread.join();
    }

    std::uint16_t port() const { return m_acceptor.local_endpoint().port(); }
    std::string url(const std::string &path) const
    {
        return "http://127.0.0.1:" + std::to_string(port()) + path;
    }
    std::uint64_t requests() const { return m_requests.load(); }
    int maxPipelined() const { return m_maxPipelined.load(); }
    std::set<std::string> paths() const
    {
        std::lock_guard lock(m_mutex);
        return m_paths;
    }
    void freeze(std::chrono::milliseconds d)
    {
        m_freezeUntil = (std::chrono::steady_clock::now() + d).time_since_epoch().count();
    }

private:
    using clock = std::chrono::steady_clock;
    struct Pending {
        clock::time_point due;
        std::string bytes;
        bool closeAfter = false;
        bool hang = false;
    };
    struct Session : std::enable_shared_from_this<Session> {
        LoadTestServer &server;
        boost::asio::ip::tcp::socket socket;
        boost::asio::steady_timer timer;
        std::string in;
        char buf[16384];
        std::deque<Pending> queue;
        bool writing = false;

        Session(LoadTestServer &s, boost::asio::ip::tcp::socket sock)
            : server(s)
            , socket(std::move(sock))
            , timer(socket.get_executor())
        {}
        void read()
        {
            auto self = shared_from_this();
            socket.async_read_some(boost::asio::buffer(buf), [self](auto ec, std::size_t n) {
                if (ec)
                    return;
                self->in.append(self->buf, n);
                self->parse();
                self->read();
            });
        }
        void parse()
        {
            int inThisRead = 0;
            while (true) {
                const auto end = in.find("\r\n\r\n");
                if (end == std::string::npos)
                    break;
                std::size_t bodyLength = 0;
                const auto cl = in.find("Content-Length: ");
                if (cl != std::string::npos && cl < end)
                    bodyLength = std::stoul(in.substr(cl + 16));
                if (in.size() < end + 4 + bodyLength)
                    break;
                const std::string head = in.substr(0, end);
                in.erase(0, end + 4 + bodyLength);
                const auto sp1 = head.find(' '), sp2 = head.find(' ', sp1 + 1);
                respond(head.substr(sp1 + 1, sp2 - sp1 - 1));
                ++inThisRead;
            }
            int seen = server.m_maxPipelined.load();
            while (inThisRead > seen &&
                   !server.m_maxPipelined.compare_exchange_weak(seen, inThisRead)) {
            }
        }
        void respond(const std::string &path)
        {
            ++server.m_requests;
            {
                std::lock_guard lock(server.m_mutex);
                if (server.m_paths.size() < 1000)
                    server.m_paths.insert(path);
            }
            Pending p;
            p.due = clock::now();
            int status = 200;
            std::string body = "ok", extra;
            if (path.rfind("/delay/", 0) == 0)
                p.due += std::chrono::milliseconds(std::stoi(path.substr(7)));
            else if (path.rfind("/status/", 0) == 0)
                status = std::stoi(path.substr(8));
            if (path == "/json") {
                body = R"({"items":[{"id":7}]})";
                extra = "Content-Type: application/json\r\n";
            }
            p.bytes = "HTTP/1.1 " + std::to_string(status) + " X\r\n" + extra +
                      "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
            if (path == "/chunked")
                p.bytes = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
            if (path == "/close-mid") {
                p.bytes = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly a part";
                p.closeAfter = true;
            }
            if (path == "/close-after") {
                p.bytes = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok";
                p.closeAfter = true;
            }
            if (path == "/garbage")
                p.bytes = "SPDY/9 what\r\n\r\n";
            p.hang = path == "/hang";
            const auto frozen = clock::time_point(clock::duration(server.m_freezeUntil.load()));
            if (frozen > p.due)
                p.due = frozen;
            queue.push_back(std::move(p));
            pump();
        }
        void pump()
        {
            if (writing || queue.empty() || queue.front().hang)
                return;
            auto self = shared_from_this();
            // A freeze that began after this answer was queued still holds it.
            const auto frozen = clock::time_point(clock::duration(server.m_freezeUntil.load()));
            const auto due = std::max(queue.front().due, frozen);
            if (due > clock::now()) {
                writing = true;
                timer.expires_at(due);
                timer.async_wait([self](auto ec) {
                    self->writing = false;
                    if (!ec)
                        self->pump();
                });
                return;
            }
            writing = true;
            boost::asio::async_write(
                socket, boost::asio::buffer(queue.front().bytes), [self](auto ec, std::size_t) {
                    self->writing = false;
                    if (ec)
                        return;
                    const bool close = self->queue.front().closeAfter;
                    self->queue.pop_front();
                    if (close) {
                        boost::system::error_code ignored;
                        self->socket.shutdown(boost::asio::socket_base::shutdown_both, ignored);
                        self->socket.close(ignored);
                        return;
                    }
                    self->pump();
                });
        }
    };

    void accept()
    {
        m_acceptor.async_accept([this](auto ec, boost::asio::ip::tcp::socket s) {
            if (!ec) {
                s.set_option(boost::asio::ip::tcp::no_delay(true));
                std::make_shared<Session>(*this, std::move(s))->read();
            }
            accept();
        });
    }

    boost::asio::io_context m_io;
    boost::asio::ip::tcp::acceptor m_acceptor;
    std::thread m_thread;
    std::atomic<std::uint64_t> m_requests{0};
    std::atomic<int> m_maxPipelined{0};
    std::atomic<clock::rep> m_freezeUntil{0};
    mutable std::mutex m_mutex;
    std::set<std::string> m_paths;
};
