#include "app/about_plugins_dialog.h"

#include "shell/plugin_manager.h"
#include "shell/theme.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace bb::app {

AboutPluginsDialog::AboutPluginsDialog(const shell::PluginManager &plugins, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About Plugins"));
    setObjectName(QStringLiteral("aboutPluginsDialog"));
    resize(860, 420);

    const auto &specs = plugins.plugins();
    const int broken = plugins.brokenCount();
    auto *summary = new QLabel(this);
    summary->setWordWrap(true);
    if (specs.isEmpty()) {
        summary->setText(tr("No plugins were found. Searched: %1")
                             .arg(plugins.searchPaths().join(QStringLiteral(", "))));
    } else {
        summary->setText(
            tr("%n plugin(s) found", nullptr, int(specs.size())) +
            (broken ? tr(", %n could not be loaded; the reason is shown for each.", nullptr, broken)
                    : tr(", all loaded.")));
    }

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("pluginTree"));
    m_tree->setColumnCount(ColumnCount);
    m_tree->setHeaderLabels({tr("Plugin"), tr("Version"), tr("State"), tr("Details")});
    m_tree->setRootIsDecorated(false);
    m_tree->setAlternatingRowColors(true);
    m_tree->setWordWrap(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);

    for (const shell::PluginSpec &spec : specs) {
        auto *item = new QTreeWidgetItem(m_tree);
        item->setText(NameColumn, spec.name.isEmpty() ? spec.id : spec.name);
        item->setData(NameColumn, Qt::UserRole, spec.id);
        item->setText(VersionColumn, spec.version);
        item->setText(StateColumn, shell::toString(spec.state));
        item->setText(DetailsColumn, spec.isBroken() ? spec.error : spec.description);
        const QString tip = tr("id: %1\nfile: %2").arg(spec.id, spec.path);
        for (int c = 0; c < ColumnCount; ++c)
            item->setToolTip(c, c == DetailsColumn ? item->text(c) + QLatin1Char('\n') + tip : tip);
        const shell::Tone tone = spec.isBroken() ? shell::Tone::Danger : shell::Tone::Success;
        item->setForeground(StateColumn, shell::toneColor(palette(), tone));
        if (spec.isBroken())
            item->setForeground(DetailsColumn, shell::toneColor(palette(), shell::Tone::Danger));
    }
    m_tree->header()->setStretchLastSection(true);
    for (int c = 0; c < DetailsColumn; ++c)
        m_tree->resizeColumnToContents(c);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(summary);
    layout->addWidget(m_tree, 1);
    layout->addWidget(buttons);
}

} // namespace bb::app
