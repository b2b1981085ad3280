#include "dbx/connection_passwords.h"
#include <QTimer>
#include <qt6keychain/keychain.h>

namespace bb::dbx {

namespace {

const QString kProbeKey = QStringLiteral("\x01probe");

// The errors that mean "there is no keychain here", as opposed to "this entry" or "this time".
bool backendMissing(QKeychain::Error e)
{
    return e == QKeychain::NoBackendAvailable || e == QKeychain::NotImplemented ||
           e == QKeychain::OtherError;
}

bb::Error keychainError(const QKeychain::Job *job, const QString &id)
{
    if (job->error() == QKeychain::EntryNotFound)
        return bb::Error::notFound(QStringLiteral("no password stored for connection %1").arg(id));
    return bb::Error::unavailable(
        QStringLiteral("the keychain failed for connection %1: %2").arg(id, job->errorString()));
}

// Callbacks never run inside the caller's call, on either path.
template<typename F> void later(QObject *context, F f)
{
    QTimer::singleShot(0, context, std::move(f));
}

} // namespace

ConnectionPasswords::ConnectionPasswords(QObject *parent, QString service)
    : QObject(parent)
    , m_service(std::move(service))
{
    // Jobs have no parent and delete themselves: libsecret may call back into a job after this
    // object is gone; the connection's context drops the callback then. Reading a key nobody
    // writes probes the keychain: EntryNotFound means it works.
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(kProbeKey);
    connect(job, &QKeychain::Job::finished, this, [this](QKeychain::Job *j) {
        if (backendMissing(j->error()))
            fallBack(j->errorString());
        else
            markKnown();
    });
    job->start();
}

ConnectionPasswords::~ConnectionPasswords() = default;

void ConnectionPasswords::useSessionOnly(const QString &reason)
{
    fallBack(reason);
}

void ConnectionPasswords::markKnown()
{
    if (m_known)
        return;
    m_known = true;
    emit persistenceChanged(m_persistent);
}

void ConnectionPasswords::fallBack(const QString &reason)
{
    const bool changed = m_persistent || !m_known;
    m_persistent = false;
    m_known = true;
    m_reason = reason.isEmpty() ? QStringLiteral("no keychain service answered") : reason;
    if (changed)
        emit persistenceChanged(false);
}

void ConnectionPasswords::read(const QString &profileId, ReadCallback done)
{
    if (!m_persistent) {
        later(this, [this, profileId, done] {
            if (m_session.contains(profileId))
                done(m_session.value(profileId));
            else
                done(bb::Error::notFound(
                    QStringLiteral("no password stored for connection %1").arg(profileId)));
        });
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(profileId);
    connect(job, &QKeychain::Job::finished, this, [this, profileId, done](QKeychain::Job *j) {
        if (backendMissing(j->error())) {
            fallBack(j->errorString());
            read(profileId, done);
            return;
        }
        markKnown();
        if (j->error() != QKeychain::NoError)
            done(keychainError(j, profileId));
        else
            done(static_cast<QKeychain::ReadPasswordJob *>(j)->textData());
    });
    job->start();
}

void ConnectionPasswords::write(const QString &profileId, const QString &password,
                                DoneCallback done)
{
    if (!m_persistent) {
        m_session.insert(profileId, password);
        later(this, [done] { done({}); });
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(profileId);
    job->setTextData(password);
    connect(job, &QKeychain::Job::finished, this,
            [this, profileId, password, done](QKeychain::Job *j) {
                if (backendMissing(j->error())) {
                    fallBack(j->errorString());
                    write(profileId, password, done);
                    return;
                }
                markKnown();
                if (j->error() != QKeychain::NoError)
                    done(keychainError(j, profileId));
                else
                    done({});
            });
    job->start();
}

void ConnectionPasswords::remove(const QString &profileId, DoneCallback done)
{
    if (!m_persistent) {
        m_session.remove(profileId);
        later(this, [done] { done({}); });
        return;
    }
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(profileId);
    connect(job, &QKeychain::Job::finished, this, [this, profileId, done](QKeychain::Job *j) {
        if (backendMissing(j->error())) {
            fallBack(j->errorString());
            remove(profileId, done);
            return;
        }
        markKnown();
        // Removing what is not there leaves the same end state.
        if (j->error() != QKeychain::NoError && j->error() != QKeychain::EntryNotFound)
            done(keychainError(j, profileId));
        else
            done({});
    });
    job->start();
}

} // namespace bb::dbx
