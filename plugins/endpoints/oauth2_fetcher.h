// bb::plugins::endpoints — gets OAuth 2.0 access tokens for the Auth tab without blocking the
// window: B1's OAuth2Tokens (C's token source, cached and refreshed) runs on a worker thread,
// and the browser for the authorization code grant is opened on the GUI thread.
#pragma once

#include "common/result.h"
#include "workspace/request.h"

#include <QObject>

#include <functional>
#include <memory>

namespace bb::tester {
class OAuth2Tokens;
}

namespace bb::plugins::endpoints {

class OAuth2Fetcher : public QObject {
    Q_OBJECT
public:
    explicit OAuth2Fetcher(QObject *parent = nullptr);
    ~OAuth2Fetcher() override;

    /// Fetches a new token for auth (its fields already resolved); `done` runs on this object's
    /// thread with the access token or the error, and not at all if this object is gone.
    void fetch(const workspace::Auth &resolvedAuth, std::function<void(Result<QString>)> done);

private:
    std::shared_ptr<tester::OAuth2Tokens> m_tokens; ///< shared: a worker may outlive us
};

} // namespace bb::plugins::endpoints
