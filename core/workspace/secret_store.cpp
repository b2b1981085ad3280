#include "workspace/secret_store.h"

#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace bb::workspace {

namespace {

const QString kService = QStringLiteral("Backbench");
const QString kProbeVariable = QStringLiteral("\x01probe");

QString what(const QString &environment, const QString &variable)
{
    return environment + u'/' + variable;
}

} // namespace

SecretStore::SecretStore(const QString &workspaceKey, QObject *parent)
    : KeychainStore(kService, keyFor(workspaceKey, QString(), kProbeVariable),
                    QStringLiteral("secret"), parent)
    , m_workspaceKey(workspaceKey)
{}

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

void SecretStore::read(const QString &environment, const QString &variable, ReadCallback done)
{
    readKey(key(environment, variable), what(environment, variable), std::move(done));
}

void SecretStore::write(const QString &environment, const QString &variable, const QString &value,
                        DoneCallback done)
{
    writeKey(key(environment, variable), what(environment, variable), value, std::move(done));
}

void SecretStore::remove(const QString &environment, const QString &variable, DoneCallback done)
{
    removeKey(key(environment, variable), what(environment, variable), std::move(done));
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
    // Like every callback here, never inside the caller's call.
    QTimer::singleShot(0, this, [state] { state->step(); });
}

} // namespace bb::workspace
