// bb::plugins::loadtest — the run history: one JSON file per finished run in the app data
// folder, newest first, at most `limit` runs (the oldest files are removed), so it survives a
// restart and never grows without bound.
#pragma once

#include "run_record.h"

#include <QAbstractTableModel>
#include <QString>

#include <vector>

namespace bb::plugins::loadtest {

class RunHistory : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { When, Target, Model, Requests, Rps, P99, Errors, Thresholds, ColumnCount };
    static constexpr int kDefaultLimit = 50;
    /// Time series longer than this are merged down before they are stored (~2 MB per run).
    static constexpr std::size_t kStoredSamples = 2400;

    /// `folder` empty = `<AppDataLocation>/loadtest/runs`.
    explicit RunHistory(QString folder = {}, int limit = kDefaultLimit, QObject *parent = nullptr);

    QString folder() const { return m_folder; }
    /// Reads every run file (unreadable ones are skipped and counted in skippedFiles()).
    void reload();
    int skippedFiles() const { return m_skipped; }

    /// Stores the run (QSaveFile) and puts it first, credential header values masked in the
    /// file and in memory alike; prunes past the limit. False with
    /// `*error` set when the file cannot be written (the run still shows until restart).
    bool add(RunRecord record, QString *error = nullptr);
    bool remove(int row, QString *error = nullptr);

    int size() const { return int(m_runs.size()); }
    const RunRecord &at(int row) const { return m_runs[std::size_t(row)]; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString pathFor(const QString &id) const;
    void prune();

    QString m_folder;
    int m_limit;
    int m_skipped = 0;
    std::vector<RunRecord> m_runs; ///< newest first
};

} // namespace bb::plugins::loadtest
