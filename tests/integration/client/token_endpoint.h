// Test support — the pieces of a scripted OAuth 2.0 token endpoint (JSON answers, the posted
// form's fields) and a way to call a blocking token fetch while this thread's event loop keeps
// serving the ScriptedServer. Shared by the client's and the tester's OAuth 2.0 tests.
#pragma once

#include "scripted_server.h"

#include "common/result.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUrlQuery>

#include <atomic>
#include <mutex>
#include <optional>
#include <thread>

namespace bbtest {

inline QByteArray jsonResponse(int status, const QJsonObject &o)
{
    return httpResponse(status, QJsonDocument(o).toJson(QJsonDocument::Compact),
                        {{"Content-Type", "application/json"}});
}

/// The form a token request posted (application/x-www-form-urlencoded, '+' for spaces).
inline QUrlQuery form(const RawRequest &r)
{
    return QUrlQuery(QString::fromUtf8(r.body).replace('+', ' '));
}

inline QString field(const RawRequest &r, const QString &name)
{
    return form(r).queryItemValue(name, QUrl::FullyDecoded);
}

/// Runs fetch (which blocks on the network) on a worker thread and spins this thread's event
/// loop, where the scripted endpoint lives, until it returns (30 s at most).
template<typename T, typename Fetch> bb::Result<T> callOnWorker(Fetch fetch)
{
    std::mutex mutex;
    std::optional<bb::Result<T>> result;
    std::atomic<bool> done{false};
    std::thread worker([&] {
        auto r = fetch();
        std::lock_guard lock(mutex);
        result.emplace(std::move(r));
        done = true;
    });
    const bool finished = QTest::qWaitFor([&] { return done.load(); }, 30000);
    worker.join();
    if (!finished)
        return bb::Error::internal("test: the fetch did not return");
    return *result;
}

} // namespace bbtest
