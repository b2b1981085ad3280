// bb::plugins::endpoints — the "Manage environments" dialog: add, rename and remove
// environments and edit their variables (secret ones included).
#pragma once

#include "workspace/request.h"

#include <QDialog>

class QListWidget;

namespace bb::plugins::endpoints {

class EnvironmentModel;

class EnvironmentDialog : public QDialog {
    Q_OBJECT
public:
    EnvironmentDialog(const QList<workspace::Environment> &environments, const QString &current,
                      QWidget *parent = nullptr);

    /// The environments as edited, in list order.
    QList<workspace::Environment> environments() const;
    /// Names that were in the list given to the constructor and are no longer there.
    QStringList removedNames() const;

    EnvironmentModel *model() const { return m_model; }
    QListWidget *list() const { return m_list; }
    /// Adds an environment named `name` (made unique) and selects it.
    void addEnvironment(const QString &name);

private:
    void select(int row);
    void storeCurrent();

    QList<workspace::Environment> m_envs;
    QStringList m_original;
    QListWidget *m_list = nullptr;
    EnvironmentModel *m_model = nullptr;
    int m_current = -1;
};

} // namespace bb::plugins::endpoints
