#include "run_history.h"

#include "loadtest/secrets.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

namespace bb::plugins::loadtest {

RunHistory::RunHistory(QString folder, int limit, QObject *parent)
    : QAbstractTableModel(parent)
    , m_folder(folder.isEmpty()
                   ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                         QStringLiteral("/loadtest/runs")
                   : std::move(folder))
    , m_limit(std::max(1, limit))
{
    reload();
}

QString RunHistory::pathFor(const QString &id) const
{
    return m_folder + QLatin1Char('/') + id + QStringLiteral(".json");
}

void RunHistory::reload()
{
    beginResetModel();
    m_runs.clear();
    m_skipped = 0;
    const QDir dir(m_folder);
    // Names are sortable timestamps: newest first without reading the files' contents.
    QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    std::reverse(files.begin(), files.end());
    for (const QString &name : std::as_const(files)) {
        if (int(m_runs.size()) >= m_limit)
            break;
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::ReadOnly)) {
            ++m_skipped;
            continue;
        }
        RunRecord r = recordFromJson(QJsonDocument::fromJson(f.readAll()).object());
        if (r.id.isEmpty()) {
            ++m_skipped;
            continue;
        }
        m_runs.push_back(std::move(r));
    }
    endResetModel();
}

bool RunHistory::add(RunRecord record, QString *error)
{
    record.samples = downsample(record.samples, kStoredSamples);
    // Kept as stored, credentials masked: "Run again" behaves the same before and after a
    // restart.
    record.scenario = bb::loadtest::withMaskedCredentials(std::move(record.scenario));
    bool ok = QDir().mkpath(m_folder);
    QSaveFile file(pathFor(record.id));
    if (ok && file.open(QIODevice::WriteOnly)) {
        file.write(QJsonDocument(recordToJson(record)).toJson(QJsonDocument::Compact));
        ok = file.commit();
    } else {
        ok = false;
    }
    if (!ok && error)
        *error = tr("Cannot save the run to %1: %2").arg(pathFor(record.id), file.errorString());
    beginInsertRows({}, 0, 0);
    m_runs.insert(m_runs.begin(), std::move(record));
    endInsertRows();
    prune();
    return ok;
}

void RunHistory::prune()
{
    while (int(m_runs.size()) > m_limit) {
        const int last = int(m_runs.size()) - 1;
        QFile::remove(pathFor(m_runs.back().id));
        beginRemoveRows({}, last, last);
        m_runs.pop_back();
        endRemoveRows();
    }
    // Files left by a larger limit or another instance count too.
    QDir dir(m_folder);
    QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (qsizetype i = 0; i + m_limit < files.size(); ++i)
        QFile::remove(dir.filePath(files.at(i)));
}

bool RunHistory::remove(int row, QString *error)
{
    if (row < 0 || row >= size())
        return false;
    const QString path = pathFor(m_runs[std::size_t(row)].id);
    if (QFile::exists(path) && !QFile::remove(path)) {
        if (error)
            *error = tr("Cannot delete %1.").arg(path);
        return false;
    }
    beginRemoveRows({}, row, row);
    m_runs.erase(m_runs.begin() + row);
    endRemoveRows();
    return true;
}

int RunHistory::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : size();
}

int RunHistory::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunHistory::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= size())
        return {};
    const RunRecord &r = at(index.row());
    const bb::loadtest::Summary *s = r.summary.get();
    if (role == Qt::TextAlignmentRole && index.column() >= Requests)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Target)
        return r.targetText();
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case When:
        return r.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Target:
        return r.targetText();
    case Model:
        return r.modelText();
    case Requests:
        return s ? QVariant(qulonglong(s->requests)) : QVariant();
    case Rps:
        return s ? QString::number(s->rps, 'f', 1) : QString();
    case P99:
        return s ? QString::number(s->corrected.p99Ms, 'f', 2) : QString();
    case Errors:
        return s ? QVariant(qulonglong(s->errors)) : QVariant();
    case Thresholds:
        if (!s || s->thresholds.empty())
            return QStringLiteral("—");
        return s->thresholdsPassed ? QStringLiteral("✓ passed") : QStringLiteral("✗ failed");
    }
    return {};
}

QVariant RunHistory::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case When:
        return tr("Started");
    case Target:
        return tr("Target");
    case Model:
        return tr("Model");
    case Requests:
        return tr("Requests");
    case Rps:
        return tr("Req/s");
    case P99:
        return tr("p99 ms");
    case Errors:
        return tr("Errors");
    case Thresholds:
        return tr("Thresholds");
    }
    return {};
}

} // namespace bb::plugins::loadtest
