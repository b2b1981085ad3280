#include "workspace/secret_store.h"

#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <qt6keychain/keychain.h>

#include <memory>

namespace bb::workspace {

namespace {

const QString kService = QStringLiteral("Backbench");
const QString kProbeVariable = QStringLiteral("\x01probe");

// The errors that mean "there is no keychain here", as opposed to "this entry" or "this time".
bool backendMissing(QKeychain::Error e)
{
    return e == QKeychain::NoBackendAvailable || e == QKeychain::NotImplemented ||
           e == QKeychain::OtherError;
}

bb::Error keychainError(const QKeychain::Job *job, const QString &what)
{
    if (job->error() == QKeychain::EntryNotFound)
        return bb::Error::notFound(QStringLiteral("no secret stored for %1").arg(what));
    return bb::Error::unavailable(
        QStringLiteral("the keychain failed for %1: %2").arg(what, job->errorString()));
}

// Callbacks must not run inside the caller's call (it may still be setting up), so the
// session-only path defers them like the keychain path does.
template<typename F> void later(QObject *context, F f)
{
    QTimer::singleShot(0, context, std::move(f));
}

} // namespace

SecretStore::SecretStore(const QString &workspaceKey, QObject *parent)
    : QObject(parent)
    , m_workspaceKey(workspaceKey)
{
    // A read of a key nobody writes: EntryNotFound means the keychain works.
    auto *job = new QKeychain::ReadPasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key(QString(), kProbeVariable));
    connect(job, &QKeychain::Job::finished, this, [this](QKeychain::Job *j) {
        if (backendMissing(j->error()))
            fallBack(j->errorString());
        else
            known();
    });
    job->start();
}

SecretStore::~SecretStore() = default;

QString SecretStore::keyFor(const QString &workspaceKey, const QString &environment,
                            const QString &variable)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(workspaceKey) + '/' +
                               QUrl::toPercentEncoding(environment) + '/' +
                               QUrl::toPercentEncoding(variable));
}

QString SecretStore::key(const QString &environment, const QString &variable) const
{
    return keyFor(m_workspaceKey, environment, variable);
}

void SecretStore::known()
{
    if (m_known)
        return;
    m_known = true;
    emit persistenceChanged(m_persistent);
}

void SecretStore::fallBack(const QString &reason)
{
    const bool changed = m_persistent || !m_known;
    m_persistent = false;
    m_known = true;
    m_reason = reason.isEmpty() ? QStringLiteral("no keychain service answered") : reason;
    if (changed)
        emit persistenceChanged(false);
}

void SecretStore::read(const QString &environment, const QString &variable, ReadCallback done)
{
    const QString k = key(environment, variable);
    const QString what = environment + u'/' + variable;
    if (!m_persistent) {
        later(this, [this, k, what, done] {
            if (m_session.contains(k))
                done(m_session.value(k));
            else
                done(bb::Error::notFound(QStringLiteral("no secret stored for %1").arg(what)));
        });
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(k);
    connect(job, &QKeychain::Job::finished, this,
            [this, k, what, done, environment, variable](QKeychain::Job *j) {
                if (backendMissing(j->error())) {
                    fallBack(j->errorString());
                    read(environment, variable, done);
                    return;
                }
                known();
                if (j->error() != QKeychain::NoError)
                    done(keychainError(j, what));
                else
                    done(static_cast<QKeychain::ReadPasswordJob *>(j)->textData());
            });
    job->start();
}

void SecretStore::write(const QString &environment, const QString &variable, const QString &value,
                        DoneCallback done)
{
    const QString k = key(environment, variable);
    if (!m_persistent) {
        m_session.insert(k, value);
        later(this, [done] { done({}); });
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(k);
    job->setTextData(value);
    connect(job, &QKeychain::Job::finished, this,
            [this, environment, variable, value, done](QKeychain::Job *j) {
                if (backendMissing(j->error())) {
                    fallBack(j->errorString());
                    write(environment, variable, value, done);
                    return;
                }
                known();
                if (j->error() != QKeychain::NoError)
                    done(keychainError(j, environment + u'/' + variable));
                else
                    done({});
            });
    job->start();
}

void SecretStore::remove(const QString &environment, const QString &variable, DoneCallback done)
{
    const QString k = key(environment, variable);
    if (!m_persistent) {
        m_session.remove(k);
        later(this, [done] { done({}); });
        return;
    }
    auto *job = new QKeychain::DeletePasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(k);
    connect(job, &QKeychain::Job::finished, this,
            [this, environment, variable, done](QKeychain::Job *j) {
                if (backendMissing(j->error())) {
                    fallBack(j->errorString());
                    remove(environment, variable, done);
                    return;
                }
                known();
                // Removing what is not there is not a failure: the end state is the same.
                if (j->error() != QKeychain::NoError && j->error() != QKeychain::EntryNotFound)
                    done(keychainError(j, environment + u'/' + variable));
                else
                    done({});
            });
    job->start();
}

void SecretStore::fill(const Environment &environment, std::function<void(Environment)> done)
{
    // Reads run one after another; the shared state ends with the last one.
    struct State {
        Environment env;
        qsizetype next = 0;
        std::function<void(Environment)> done;
        std::function<void()> step;
    };
    auto state = std::make_shared<State>();
    state->env = environment;
    state->done = std::move(done);
    QPointer<SecretStore> self(this);
    state->step = [self, state] {
        while (state->next < state->env.variables.size() &&
               !state->env.variables[state->next].secret)
            ++state->next;
        if (!self || state->next >= state->env.variables.size()) {
            auto finish = std::move(state->done);
            Environment env = std::move(state->env);
            state->step = nullptr; // breaks the state <-> step cycle
            finish(std::move(env));
            return;
        }
        const qsizetype i = state->next++;
        self->read(state->env.name, state->env.variables[i].name,
                   [state, i](bb::Result<QString> value) {
                       state->env.variables[i].value = value ? *value : QString();
                       state->step();
                   });
    };
    later(this, [state] { state->step(); });
}

} // namespace bb::workspace
