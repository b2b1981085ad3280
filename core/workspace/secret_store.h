// Secret variable values in the OS keychain (Secret Service, macOS Keychain, Windows Credential
// Manager, through QtKeychain), never in workspace files. Where no keychain answers, secrets are
// kept for this session only, and isPersistent() says so for the UI to show.
#pragma once

#include "secrets/keychain_store.h"
#include "workspace/request.h"

#include <QString>

#include <functional>

namespace bb::workspace {

class SecretStore : public secrets::KeychainStore {
    Q_OBJECT
public:
    /// Secrets are keyed by `workspaceKey` (use WorkspaceStore::rootDir()) + environment name +
    /// variable name, so two workspaces never share a value. Starts a probe of the keychain;
    /// persistenceChanged() reports the answer.
    explicit SecretStore(const QString &workspaceKey, QObject *parent = nullptr);
    ~SecretStore() override;

    /// Callbacks run on this object's thread from its event loop, never before the call returns.
    /// A secret never stored reads as ErrorCode::NotFound.
    void read(const QString &environment, const QString &variable, ReadCallback done);
    void write(const QString &environment, const QString &variable, const QString &value,
               DoneCallback done);
    void remove(const QString &environment, const QString &variable, DoneCallback done);
    /// The environment with each secret variable's value filled in (empty when none stored).
    void fill(const Environment &environment, std::function<void(Environment)> done);

    /// The key under which a secret is stored; components are percent-encoded so names with
    /// '/' cannot collide.
    static QString keyFor(const QString &workspaceKey, const QString &environment,
                          const QString &variable);

private:
    QString key(const QString &environment, const QString &variable) const;

    QString m_workspaceKey;
};

} // namespace bb::workspace
