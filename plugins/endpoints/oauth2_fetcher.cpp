#include "oauth2_fetcher.h"

#include "tester/oauth2_tokens.h"

#include <QCoreApplication>
#include <QDesktopServices>
#include <QThread>

namespace bb::plugins::endpoints {

OAuth2Fetcher::OAuth2Fetcher(QObject *parent)
    : QObject(parent)
    , m_tokens(std::make_shared<tester::OAuth2Tokens>())
{
    // Called from the worker: the browser must be opened from the GUI thread.
    m_tokens->setOpenBrowser([](const QUrl &url) {
        QMetaObject::invokeMethod(
            QCoreApplication::instance(), [url] { QDesktopServices::openUrl(url); },
            Qt::QueuedConnection);
    });
}

OAuth2Fetcher::~OAuth2Fetcher() = default;

void OAuth2Fetcher::fetch(const workspace::Auth &resolvedAuth,
                          std::function<void(Result<QString>)> done)
{
    auto result = std::make_shared<Result<QString>>(Error::internal(QString()));
    auto tokens = m_tokens;
    QThread *worker = QThread::create([tokens, result, resolvedAuth] {
        auto token = tokens->fetchNow(resolvedAuth);
        if (token)
            *result = QString::fromUtf8(token->accessToken);
        else
            *result = token.error();
    });
    connect(worker, &QThread::finished, this, [result, done] { done(*result); });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
}

} // namespace bb::plugins::endpoints
