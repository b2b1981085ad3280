#include "settings_form.h"

#include "server_settings.h"
#include "shell/theme.h"

#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QThread>
#include <QToolButton>

namespace bb::plugins::server {

SettingsForm::SettingsForm(ServerSettings *settings, QWidget *parent)
    : QWidget(parent)
    , m_settings(settings)
{
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("portBox"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("Any free port"));
    m_port->setAccelerated(true);

    m_bind = new QLineEdit(this);
    m_bind->setObjectName(QStringLiteral("bindEdit"));
    m_bind->setPlaceholderText(QStringLiteral("127.0.0.1"));
    m_bind->setToolTip(tr("127.0.0.1 serves only this computer; 0.0.0.0 serves the network."));

    m_dataDir = new QLineEdit(this);
    m_dataDir->setObjectName(QStringLiteral("dataDirEdit"));
    m_dataDir->setPlaceholderText(shell::EngineSettings::defaultDataDir());
    m_dataDir->setToolTip(tr("Holds the SQLite database, logs and keys. Empty uses %1")
                              .arg(shell::EngineSettings::defaultDataDir()));
    m_browse = new QToolButton(this);
    m_browse->setObjectName(QStringLiteral("browseDataDir"));
    m_browse->setText(tr("Browse…"));
    m_browse->setToolTip(tr("Choose the data folder"));
    auto *dataRow = new QHBoxLayout;
    dataRow->setContentsMargins(0, 0, 0, 0);
    dataRow->addWidget(m_dataDir, 1);
    dataRow->addWidget(m_browse);

    m_dbUrl = new QLineEdit(this);
    m_dbUrl->setObjectName(QStringLiteral("dbUrlEdit"));
    m_dbUrl->setPlaceholderText(tr("Empty: SQLite in the data folder"));
    m_dbUrl->setToolTip(tr("sqlite:/path/file.db or postgres://user:password@host/db"));
    m_dbUrl->setClearButtonEnabled(true);

    m_threads = new QSpinBox(this);
    m_threads->setObjectName(QStringLiteral("threadsBox"));
    m_threads->setRange(0, 1024);
    m_threads->setSpecialValueText(tr("One per core (%1)").arg(QThread::idealThreadCount()));

    m_logRing = new QSpinBox(this);
    m_logRing->setObjectName(QStringLiteral("logRingBox"));
    m_logRing->setRange(shell::EngineSettings::kMinLogRing, shell::EngineSettings::kMaxLogRing);
    m_logRing->setSingleStep(10'000);
    m_logRing->setGroupSeparatorShown(true);
    m_logRing->setSuffix(tr(" records"));
    m_logRing->setAccelerated(true);
    m_logRing->setToolTip(tr("Log records the engine keeps in memory for the Logs panel and "
                             "/api/admin/logs; the oldest fall off. About 300 bytes each."));

    m_logFile = new QSpinBox(this);
    m_logFile->setObjectName(QStringLiteral("logFileBox"));
    m_logFile->setRange(0, shell::EngineSettings::kMaxLogFileMB);
    m_logFile->setSingleStep(10);
    m_logFile->setSuffix(tr(" MB"));
    m_logFile->setSpecialValueText(tr("Off (memory only)"));
    m_logFile->setToolTip(tr("Also write the log to logs/engine.jsonl in the data folder, "
                             "rotated to engine.jsonl.1 … .5 past this size."));

    m_notice = new QLabel(this);
    m_notice->setObjectName(QStringLiteral("settingsNotice"));
    m_notice->setWordWrap(true);

    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(tr("&Bind address:"), m_bind);
    // A row holding a layout gets no buddy from QFormLayout, so build its label by hand.
    auto *dataLabel = new QLabel(tr("&Data folder:"), this);
    dataLabel->setBuddy(m_dataDir);
    form->addRow(dataLabel, dataRow);
    form->addRow(tr("Data&base URL:"), m_dbUrl);
    form->addRow(tr("&Threads:"), m_threads);
    form->addRow(tr("&Log ring:"), m_logRing);
    form->addRow(tr("Log &file rotation:"), m_logFile);
    form->addRow(m_notice);

    load();
    connect(m_port, &QSpinBox::valueChanged, this, &SettingsForm::commit);
    connect(m_threads, &QSpinBox::valueChanged, this, &SettingsForm::commit);
    connect(m_logRing, &QSpinBox::valueChanged, this, &SettingsForm::commit);
    connect(m_logFile, &QSpinBox::valueChanged, this, &SettingsForm::commit);
    connect(m_bind, &QLineEdit::textEdited, this, &SettingsForm::commit);
    connect(m_dataDir, &QLineEdit::textEdited, this, &SettingsForm::commit);
    connect(m_dbUrl, &QLineEdit::textChanged, this, &SettingsForm::commit);
    connect(m_browse, &QToolButton::clicked, this, &SettingsForm::browseDataDir);
    connect(m_settings, &ServerSettings::changed, this, &SettingsForm::updateNotice);
    updateNotice();
}

void SettingsForm::load()
{
    m_loading = true;
    const shell::EngineSettings v = m_settings->values();
    m_port->setValue(v.port);
    m_bind->setText(v.bindAddress);
    m_dataDir->setText(v.dataDir);
    m_dbUrl->setText(v.dbUrl);
    m_threads->setValue(v.threads);
    m_logRing->setValue(v.logRingRecords);
    m_logFile->setValue(v.logFileMaxMB);
    m_loading = false;
}

void SettingsForm::commit()
{
    if (m_loading)
        return;
    shell::EngineSettings v;
    v.port = m_port->value();
    v.bindAddress = m_bind->text().trimmed();
    v.dataDir = m_dataDir->text().trimmed();
    v.dbUrl = m_dbUrl->text().trimmed();
    v.threads = m_threads->value();
    v.logRingRecords = m_logRing->value();
    v.logFileMaxMB = m_logFile->value();
    m_settings->setValues(v);
    updateNotice();
}

void SettingsForm::browseDataDir()
{
    const QString start =
        m_dataDir->text().isEmpty() ? shell::EngineSettings::defaultDataDir() : m_dataDir->text();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Engine data folder"), start);
    if (dir.isEmpty())
        return;
    m_dataDir->setText(dir);
    commit();
}

void SettingsForm::updateNotice()
{
    const QString error = m_settings->validationError();
    QPalette pal = m_notice->palette();
    if (!error.isEmpty()) {
        m_notice->setText(error);
        pal.setColor(QPalette::WindowText, shell::toneColor(palette(), shell::Tone::Danger));
    } else if (m_settings->needsRestart()) {
        m_notice->setText(tr("Changed settings apply when you press Restart."));
        pal.setColor(QPalette::WindowText, shell::toneColor(palette(), shell::Tone::Warning));
    } else {
        m_notice->setText(tr("Settings are saved as you type and apply on the next Start."));
        pal.setColor(QPalette::WindowText,
                     palette().color(QPalette::Disabled, QPalette::WindowText));
    }
    m_notice->setPalette(pal);
}

} // namespace bb::plugins::server
