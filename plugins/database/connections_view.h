// bb::plugins::database — the connections list: the embedded engine's own file first (one click
// away), then the saved profiles; add, edit and remove them; double-click or Enter connects
// (asking for a password only when a server profile has none saved).
#pragma once

#include "dbx/connection_profile.h"
#include "dbx/connection_profiles.h"

#include <QWidget>

class QListWidget;
class QListWidgetItem;
class QPushButton;

namespace bb::dbx {
class ConnectionPasswords;
}

namespace bb::plugins::database {

class ConnectionsView : public QWidget {
    Q_OBJECT
public:
    /// `profilesPath` is where profiles are saved (dbx::ConnectionProfiles::defaultPath()).
    ConnectionsView(const QString &profilesPath, dbx::ConnectionPasswords *passwords,
                    QWidget *parent = nullptr);

    /// Shows the engine's entry for its SQLite `dataFile`, or hides it (empty) with `reason` as
    /// the tooltip of a disabled entry.
    void setEngineFile(const QString &dataFile, const QString &reason = {});
    QString engineFile() const { return m_engineFile; }
    const dbx::ConnectionProfiles &profiles() const { return m_profiles; }
    QListWidget *list() const { return m_list; }
    /// Adds (or replaces) a profile, saves the list and selects it.
    Result<void> addProfile(const dbx::ConnectionProfile &profile, const QString &password = {});
    /// The profile of the entry with `id` ("engine" for the embedded engine's file).
    std::optional<dbx::ConnectionProfile> profile(const QString &id) const;
    /// Marks the entry of `id` as the open connection (bold); empty clears.
    void setOpenId(const QString &id);
    /// Connects to the profile `id` (as a double-click does).
    void connectTo(const QString &id);
    /// The id of the selected entry, empty when none.
    QString selectedId() const;

signals:
    /// The user asked to open `profile`; `password` is the saved one (or typed), empty for files.
    void openRequested(const bb::dbx::ConnectionProfile &profile, const QString &password);
    void message(const QString &text);

private:
    void rebuild();
    void addClicked();
    void editClicked();
    void removeClicked();

    dbx::ConnectionProfiles m_profiles;
    dbx::ConnectionPasswords *m_passwords;
    QString m_engineFile;
    QString m_engineReason;
    QString m_openId;
    QListWidget *m_list;
    QPushButton *m_add;
    QPushButton *m_edit;
    QPushButton *m_remove;
};

} // namespace bb::plugins::database
