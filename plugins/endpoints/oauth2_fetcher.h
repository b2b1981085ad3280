// bb::plugins::endpoints — gets OAuth 2.0 access tokens for the Auth tab without blocking the
// window: the token source (C's, cached and refreshed) runs on a worker thread, the browser
// for the authorization code grant is opened on the GUI thread.
#pragma once

#include "client/oauth2.h"
#include "workspace/request.h"

#include <QObject>

#include <memory>

namespace bb::plugins::endpoints {

/// The token source's settings for a request's (variable-resolved) OAuth 2.0 auth.
Result<client::OAuth2Config> oauth2Config(const workspace::Auth &auth);

class OAuth2Fetcher : public QObject {
    Q_OBJECT
public:
    explicit OAuth2Fetcher(QObject *parent = nullptr);
    ~OAuth2Fetcher() override;

    /// Starts fetching; `done` runs on this object's thread with the token or the error, and
    /// not at all if this object is destroyed first.
    void fetch(const workspace::Auth &resolvedAuth, std::function<void(Result<QString>)> done);

private:
    std::shared_ptr<client::OAuth2TokenSource> m_source;
};

} // namespace bb::plugins::endpoints
