// bb::dbx — database passwords in the OS keychain (QtKeychain; service "backbench-db", key = the
// profile id). Where no keychain answers, passwords last for this session only and
// isPersistent() says so for the UI to show.
#pragma once
#include "secrets/keychain_store.h"
#include <QString>

namespace bb::dbx {

class ConnectionPasswords : public secrets::KeychainStore {
    Q_OBJECT
public:
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

    /// Skips the keychain altogether (tests, or a user who opts out): session-only from now on.
    using KeychainStore::useSessionOnly;
};

} // namespace bb::dbx
