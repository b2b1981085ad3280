// The requests the user sent, newest first: what went out (variables resolved) and what came
// back, bounded, searchable, and restorable into an editor. Kept in the workspace's local state
// (`.backbench/history.jsonl`, one JSON object per line) so it stays out of git.
#pragma once

#include "common/result.h"
#include "workspace/har.h"
#include "workspace/request.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QObject>

#include <memory>
#include <thread>

namespace bb::workspace {

struct HistoryEntry {
    QDateTime time;      ///< when it was sent (UTC)
    HttpRequest request; ///< as sent: variables resolved, so it can be sent again as it was
    QString sourceId;    ///< the workspace request it came from ("" for an unsaved one)
    int status = 0;      ///< HTTP status; 0 when no response came (see error)
    QString error;       ///< the transport error when there was no response
    double durationMs = 0;
    /// The phases as HAR names them (ms, -1 for a phase that did not happen), so an export of
    /// the history carries real timings. Entries from before it was kept read back as all -1/0.
    HarTimings timings;
    qint64 requestBytes = 0;
    qint64 responseBytes = 0; ///< the whole body as received, not only the preview
    QList<KeyValue> responseHeaders;
    QByteArray bodyPreview; ///< at most kBodyPreviewBytes of the response body
    bool bodyTruncated = false;

    bool operator==(const HistoryEntry &) const = default;
};

class HistoryStore : public QObject {
    Q_OBJECT
public:
    static constexpr int kDefaultLimit = 500;
    static constexpr qsizetype kBodyPreviewBytes = 64 * 1024;

    /// `file` is usually WorkspaceStore::localStateDir() + "history.jsonl".
    explicit HistoryStore(const QString &file, int limit = kDefaultLimit,
                          QObject *parent = nullptr);
    /// Waits for a rewrite in progress, so nothing appended is lost.
    ~HistoryStore() override;

    /// Reads the file. Lines that do not parse (a crash mid-append leaves a truncated last
    /// line) are skipped and counted in skippedLines(); a missing file is an empty history.
    bb::Result<void> load();
    /// Appends one line to the file (trimming the body preview to its bound) and drops the
    /// oldest entry beyond the limit. Once the file holds 10% more lines than the limit it is
    /// rewritten (atomically) on a worker thread, so a send costs one append; lines appended
    /// meanwhile go into the rewritten file too. A failed rewrite is reported by the next append.
    bb::Result<void> append(HistoryEntry entry);
    bb::Result<void> clear();

    int size() const { return int(m_entries.size()); }
    /// 0 is the newest.
    const HistoryEntry &entry(int index) const { return m_entries.at(index); }
    /// Indexes of the entries whose method, URL, name or status contains `text`
    /// (case-insensitive), newest first; all of them for an empty text.
    QList<int> search(const QString &text) const;

    int limit() const { return m_limit; }
    void setLimit(int limit);
    int skippedLines() const { return m_skipped; }
    QString fileName() const { return m_file; }
    /// A rewrite of the file is running on the worker.
    bool isCompacting() const;
    /// Returns once no rewrite is running.
    void waitForCompaction();

signals:
    /// The entries changed (appended, trimmed, cleared or reloaded).
    void changed();

private:
    struct Io;
    bb::Result<void> compact();
    void startCompaction();

    QString m_file;
    int m_limit;
    QList<HistoryEntry> m_entries; ///< newest first
    std::shared_ptr<Io> m_io;      ///< the file's state, shared with the rewrite worker
    std::thread m_worker;          ///< the running (or finished, not yet joined) rewrite
    int m_skipped = 0;
    bool m_needsNewline = false; ///< the file ends inside a line (a crash mid-append)
};

/// HistoryStore as a list for the panel: one row per entry (or per search match), newest first.
class HistoryModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        MethodRole = Qt::UserRole + 1,
        UrlRole,
        NameRole,
        StatusRole,     ///< int; 0 = no response
        TimeRole,       ///< QDateTime
        DurationRole,   ///< double, ms
        EntryIndexRole, ///< int, for HistoryStore::entry()
    };

    explicit HistoryModel(HistoryStore *store, QObject *parent = nullptr);

    void setFilter(const QString &text);
    QString filter() const { return m_filter; }
    /// The HistoryStore index of a row.
    int entryIndex(int row) const { return m_rows.value(row, -1); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    void refresh();

    HistoryStore *m_store;
    QString m_filter;
    QList<int> m_rows;
};

} // namespace bb::workspace
