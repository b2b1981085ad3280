// LogsWidget: what survives a restart, and following the embedded engine.
#include "logs_widget.h"

#include "engine/engine_controller.h"
#include "level_chips.h"
#include "logs_settings_p.h"
#include "logview/log_source.h"
#include "logview/log_table_model.h"
#include "query_edit.h"
#include "workspace/secret_store.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTableView>

namespace bb::plugins::logs {

using logview::LogTableModel;
using namespace settings;

void LogsWidget::saveState()
{
    if (!m_restored)
        return;
    m_settings.setValue(kQuery, m_model->queryText());
    m_settings.setValue(kLevels, m_model->filter().levelMask());
    m_settings.setValue(kHeader, m_view->horizontalHeader()->saveState());
    m_settings.setValue(kSplitter, m_splitter->saveState());
    m_settings.setValue(kColumns, m_model->extraColumns());
}

void LogsWidget::restoreState()
{
    if (m_settings.contains(kCapacity))
        m_model->setCapacity(std::size_t(qMax(1000, m_settings.value(kCapacity).toInt())));
    const QStringList columns = m_settings.value(kColumns).toStringList();
    if (!columns.isEmpty())
        m_model->setExtraColumns(columns);
    const unsigned mask = m_settings.value(kLevels, 0x3f).toUInt();
    for (int i = 0; i < logview::kSeverityCount; ++i) {
        const bool on = mask & (1u << i);
        m_chips->setEnabledLevel(logview::Severity(i), on);
        m_model->setLevelEnabled(logview::Severity(i), on);
    }
    const QString query = m_settings.value(kQuery).toString();
    if (!query.isEmpty()) {
        m_query->setText(query);
        applyQuery();
    }
    m_view->horizontalHeader()->restoreState(m_settings.value(kHeader).toByteArray());
    m_splitter->restoreState(m_settings.value(kSplitter).toByteArray());
    m_secrets = new workspace::SecretStore(kSecretKey, this);
    const auto kind = SourceKind(qBound(0, m_settings.value(kKind, 0).toInt(), 2));
    m_sourcePicker->setCurrentIndex(int(kind));
    m_restored = true;
    if (kind == SourceKind::File && !m_settings.value(kFile).toString().isEmpty()) {
        useFileSource(m_settings.value(kFile).toString());
    } else if (kind == SourceKind::Remote && !m_settings.value(kRemoteUrl).toString().isEmpty()) {
        // The token comes back from the keychain; until then the source waits.
        const QString url = m_settings.value(kRemoteUrl).toString();
        startSource(nullptr, SourceKind::Remote);
        m_location->setText(url);
        m_sourceStatus->setText(tr("Reading the token for %1 from the keychain…").arg(url));
        m_secrets->read(kSecretEnv, url, [this, url](bb::Result<QString> r) {
            if (m_kind != SourceKind::Remote || m_source)
                return;
            if (r)
                useRemoteSource(QUrl(url), *r, false);
            else
                m_sourceStatus->setText(
                    tr("Enter the admin token for %1 and press Connect").arg(url));
        });
    } else {
        useEngineSource();
    }
    if (m_engine) {
        // Follow the embedded engine: start tailing when it starts, stop when it stops.
        connect(m_engine, &engine::EngineController::stateChanged, this,
                [this](engine::EngineController::State state) {
                    if (m_kind != SourceKind::Engine)
                        return;
                    if (state == engine::EngineController::State::Running) {
                        // Same address: resume after the last seq, keeping what is shown.
                        if (m_source && m_source->traceApiBase() == m_engine->baseUrl())
                            m_source->start();
                        else
                            useEngineSource();
                    } else if (state == engine::EngineController::State::Stopped && m_source) {
                        m_source->stop();
                        m_sourceStatus->setText(tr("The embedded engine stopped; the lines "
                                                   "stay until you clear them"));
                    }
                });
    }
}

void LogsWidget::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_countsDirty = true;
}

} // namespace bb::plugins::logs
