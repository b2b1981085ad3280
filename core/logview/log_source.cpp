#include "logview/log_source.h"

namespace bb::logview {

LogSource::LogSource(LogIngest *ingest, QObject *parent)
    : QObject(parent)
    , m_ingest(ingest)
{}

void LogSource::setState(State state, const QString &text)
{
    if (state == m_state && text == m_status)
        return;
    m_state = state;
    m_status = text;
    emit stateChanged(state, text);
}

} // namespace bb::logview
