// bb::dbx — database passwords in the OS keychain (QtKeychain; service "backbench-db", key = the
// profile id). Where no keychain answers, passwords last for this session only and
// isPersistent() says so for the UI to show.
#pragma once
#include "common/result.h"
#include <QHash>
#include <QObject>
#include <QString>
#include <functional>

namespace bb::dbx {

class ConnectionPasswords : public QObject {
    Q_OBJECT
public:
    using ReadCallback = std::function<void(bb::Result<QString>)>;
    using DoneCallback = std::function<void(bb::Result<void>)>;
    static constexpr const char *kService = "backbench-db";

    /// `service` is injectable for tests. Probes the keychain; persistenceChanged() reports.
    explicit ConnectionPasswords(QObject *parent = nullptr,
                                 QString service = QString::fromLatin1(kService));
    ~ConnectionPasswords() override;

    /// Callbacks run on this object's thread from its event loop, never before the call
    /// returns. A password never stored reads as ErrorCode::NotFound.
    void read(const QString &profileId, ReadCallback done);
    void write(const QString &profileId, const QString &password, DoneCallback done);
    void remove(const QString &profileId, DoneCallback done);

    /// False once the keychain turned out to be missing: passwords then last until the app quits.
    bool isPersistent() const { return m_persistent; }
    /// Why passwords are session-only (the keychain's error); empty while persistent.
    QString sessionOnlyReason() const { return m_reason; }
    /// True once the probe (or any keychain call) has answered.
    bool isKnown() const { return m_known; }
    /// Skips the keychain altogether (tests, or a user who opts out): session-only from now on.
    void useSessionOnly(const QString &reason);

signals:
    void persistenceChanged(bool persistent);

private:
    void fallBack(const QString &reason);
    void markKnown();

    QString m_service;
    bool m_persistent = true;
    bool m_known = false;
    QString m_reason;
    QHash<QString, QString> m_session;
};

} // namespace bb::dbx
