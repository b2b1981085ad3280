#include "dbx/connection_passwords.h"

namespace bb::dbx {

namespace {

QString what(const QString &profileId)
{
    return QStringLiteral("connection %1").arg(profileId);
}

} // namespace

ConnectionPasswords::ConnectionPasswords(QObject *parent, QString service)
    : KeychainStore(std::move(service), QStringLiteral("\x01probe"), QStringLiteral("password"),
                    parent)
{}

ConnectionPasswords::~ConnectionPasswords() = default;

void ConnectionPasswords::read(const QString &profileId, ReadCallback done)
{
    readKey(profileId, what(profileId), std::move(done));
}

void ConnectionPasswords::write(const QString &profileId, const QString &password,
                                DoneCallback done)
{
    writeKey(profileId, what(profileId), password, std::move(done));
}

void ConnectionPasswords::remove(const QString &profileId, DoneCallback done)
{
    removeKey(profileId, what(profileId), std::move(done));
}

} // namespace bb::dbx
