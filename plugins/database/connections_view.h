// bb::plugins::database — the connections list: the embedded engine's own file first (one click
// away), then the saved profiles; add, edit and remove them; double-click or Enter connects
// (asking for a password only when a server profile has none saved).
#pragma once

#include "dbx/connection_profile.h"
#include "dbx/connection_profiles.h"

#include <QWidget>

class QListWidget;
class QListWidgetItem;
class QMenu;
class QPushButton;

namespace bb::dbx {
class ConnectionPasswords;
}

namespace bb::plugins::database {

class ConnectionDialog;

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
    /// The profile of an opened SQLite file (existing, or new and saved), listed and selected.
    Result<dbx::ConnectionProfile> rememberFile(const QString &path);
    /// The profile of the entry with `id` ("engine" for the embedded engine's file).
    std::optional<dbx::ConnectionProfile> profile(const QString &id) const;
    /// Marks the entry of `id` as the open connection (bold, with an icon) and selects it; empty
    /// clears.
    void setOpenId(const QString &id);
    /// Connects to the profile `id` (as a double-click does). A SQLite profile whose file is gone
    /// is not opened: a message box (objectName "missingFileBox") says so and offers to remove
    /// the profile.
    void connectTo(const QString &id);
    /// Asks (objectName "removeConnectionBox") before removing the selected profile; Remove and
    /// Del on the list.
    void removeSelected();
    /// Opens the connection dialog for a new profile (Add…, Ctrl+Shift+N).
    void addConnection();
    /// The list's context menu for the entry `id` (empty: the list's blank area), each action
    /// with its shortcut in the text. The caller owns it.
    QMenu *contextMenu(const QString &id);
    /// The id of the selected entry, empty when none.
    QString selectedId() const;
    /// True when the entry of `id` is drawn as the open connection.
    bool isMarkedOpen(const QString &id) const;

signals:
    /// The user asked to open `profile`; `password` is the saved one (or typed), empty for files.
    void openRequested(const bb::dbx::ConnectionProfile &profile, const QString &password);
    void message(const QString &text);
    /// "Open file…" was clicked: the panel asks for a SQLite file.
    void openFileRequested();

private:
    void rebuild();
    void markOpen();
    void selectId(const QString &id);
    void editClicked();
    void removeProfile(const dbx::ConnectionProfile &profile);
    /// Opens `dialog` window-modal without blocking; a saved profile follows its acceptance.
    void runDialog(ConnectionDialog *dialog);

    dbx::ConnectionProfiles m_profiles;
    dbx::ConnectionPasswords *m_passwords;
    QString m_engineFile;
    QString m_engineReason;
    QString m_openId;
    QListWidget *m_list;
    QPushButton *m_add;
    QPushButton *m_openFile;
    QPushButton *m_edit;
    QPushButton *m_remove;
};

} // namespace bb::plugins::database
