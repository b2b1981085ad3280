// bb::secrets — values in the OS keychain (Secret Service, macOS Keychain, Windows Credential
// Manager, through QtKeychain). Where no keychain answers, values are kept for this session only,
// and isPersistent() says so for the UI to show. The base of dbx::ConnectionPasswords and
// workspace::SecretStore, which choose the service, the keys and the wording.
#pragma once

#include "common/result.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

namespace QKeychain {
class Job;
}

namespace bb::secrets {

class KeychainStore : public QObject {
    Q_OBJECT
public:
    using ReadCallback = std::function<void(bb::Result<QString>)>;
    using DoneCallback = std::function<void(bb::Result<void>)>;

    ~KeychainStore() override;

    /// False once the keychain turned out to be missing: values then last until the app quits.
    bool isPersistent() const { return m_persistent; }
    /// Why values are session-only (the keychain's error); empty while persistent.
    QString sessionOnlyReason() const { return m_reason; }
    /// True once the probe (or any keychain call) has answered.
    bool isKnown() const { return m_known; }

signals:
    void persistenceChanged(bool persistent);

protected:
    /// Values live under `service`. Starts a probe (a read of `probeKey`, which nobody writes);
    /// persistenceChanged() reports the answer. `noun` words the not-found error: "no <noun>
    /// stored for <what>".
    KeychainStore(QString service, const QString &probeKey, QString noun, QObject *parent);

    /// Callbacks run on this object's thread from its event loop, never before the call returns.
    /// `what` names the entry in errors. A value never stored reads as ErrorCode::NotFound.
    void readKey(const QString &key, const QString &what, ReadCallback done);
    void writeKey(const QString &key, const QString &what, const QString &value, DoneCallback done);
    void removeKey(const QString &key, const QString &what, DoneCallback done);
    /// Skips the keychain altogether: session-only from now on.
    void useSessionOnly(const QString &reason);

private:
    /// Sets up and starts `job` on `key`. When it answers: with no keychain here, falls back and
    /// calls `retry`; else `answered`.
    void start(QKeychain::Job *job, const QString &key, std::function<void()> retry,
               std::function<void(QKeychain::Job *)> answered);
    void fallBack(const QString &reason);
    void markKnown();
    bb::Error notFound(const QString &what) const;
    bb::Error failure(const QKeychain::Job *job, const QString &what) const;

    QString m_service;
    QString m_noun;
    bool m_persistent = true;
    bool m_known = false;
    QString m_reason;
    QHash<QString, QString> m_session; ///< values held in memory when there is no keychain
};

} // namespace bb::secrets
