#include "secrets/keychain_store.h"

#include <QTimer>

#include <qt6keychain/keychain.h>

namespace bb::secrets {

namespace {

// The errors that mean "there is no keychain here", as opposed to "this entry" or "this time".
bool backendMissing(QKeychain::Error e)
{
    return e == QKeychain::NoBackendAvailable || e == QKeychain::NotImplemented ||
           e == QKeychain::OtherError;
}

// Callbacks must not run inside the caller's call (it may still be setting up), so the
// session-only path defers them like the keychain path does.
template<typename F> void later(QObject *context, F f)
{
    QTimer::singleShot(0, context, std::move(f));
}

} // namespace

KeychainStore::KeychainStore(QString service, const QString &probeKey, QString noun,
                             QObject *parent)
    : QObject(parent)
    , m_service(std::move(service))
    , m_noun(std::move(noun))
{
    // A read of a key nobody writes: EntryNotFound means the keychain works.
    start(
        new QKeychain::ReadPasswordJob(m_service), probeKey, [] {}, [](QKeychain::Job *) {});
}

KeychainStore::~KeychainStore() = default;

void KeychainStore::useSessionOnly(const QString &reason)
{
    fallBack(reason);
}

void KeychainStore::markKnown()
{
    if (m_known)
        return;
    m_known = true;
    emit persistenceChanged(m_persistent);
}

void KeychainStore::fallBack(const QString &reason)
{
    const bool changed = m_persistent || !m_known;
    m_persistent = false;
    m_known = true;
    m_reason = reason.isEmpty() ? QStringLiteral("no keychain service answered") : reason;
    if (changed)
        emit persistenceChanged(false);
}

bb::Error KeychainStore::notFound(const QString &what) const
{
    return bb::Error::notFound(QStringLiteral("no %1 stored for %2").arg(m_noun, what));
}

bb::Error KeychainStore::failure(const QKeychain::Job *job, const QString &what) const
{
    if (job->error() == QKeychain::EntryNotFound)
        return notFound(what);
    return bb::Error::unavailable(
        QStringLiteral("the keychain failed for %1: %2").arg(what, job->errorString()));
}

void KeychainStore::start(QKeychain::Job *job, const QString &key, std::function<void()> retry,
                          std::function<void(QKeychain::Job *)> answered)
{
    // Jobs have no parent: libsecret calls back into a job after it finishes its D-Bus call, so a
    // job must outlive a store destroyed meanwhile. It deletes itself when done (autoDelete), and
    // the connection's context (this) drops the callback if the store is gone by then.
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this,
            [this, retry = std::move(retry), answered = std::move(answered)](QKeychain::Job *j) {
                if (backendMissing(j->error())) {
                    fallBack(j->errorString());
                    retry(); // now on the session-only path
                    return;
                }
                markKnown();
                answered(j);
            });
    job->start();
}

void KeychainStore::readKey(const QString &key, const QString &what, ReadCallback done)
{
    if (!m_persistent) {
        later(this, [this, key, what, done] {
            if (m_session.contains(key))
                done(m_session.value(key));
            else
                done(notFound(what));
        });
        return;
    }
    start(
        new QKeychain::ReadPasswordJob(m_service), key,
        [this, key, what, done] { readKey(key, what, done); },
        [this, what, done](QKeychain::Job *j) {
            if (j->error() != QKeychain::NoError)
                done(failure(j, what));
            else
                done(static_cast<QKeychain::ReadPasswordJob *>(j)->textData());
        });
}

void KeychainStore::writeKey(const QString &key, const QString &what, const QString &value,
                             DoneCallback done)
{
    if (!m_persistent) {
        m_session.insert(key, value);
        later(this, [done] { done({}); });
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setTextData(value);
    start(
        job, key, [this, key, what, value, done] { writeKey(key, what, value, done); },
        [this, what, done](QKeychain::Job *j) {
            if (j->error() != QKeychain::NoError)
                done(failure(j, what));
            else
                done({});
        });
}

void KeychainStore::removeKey(const QString &key, const QString &what, DoneCallback done)
{
    if (!m_persistent) {
        m_session.remove(key);
        later(this, [done] { done({}); });
        return;
    }
    start(
        new QKeychain::DeletePasswordJob(m_service), key,
        [this, key, what, done] { removeKey(key, what, done); },
        [this, what, done](QKeychain::Job *j) {
            // Removing what is not there is not a failure: the end state is the same.
            if (j->error() != QKeychain::NoError && j->error() != QKeychain::EntryNotFound)
                done(failure(j, what));
            else
                done({});
        });
}

} // namespace bb::secrets
