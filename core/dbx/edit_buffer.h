// bb::dbx — staged edits over a RowSource: cell edits, new rows and deletions are kept here (the
// grid shows them through TableModel's roles), previewed as SQL, then applied in one transaction
// off the GUI thread or reverted. A failing statement rolls everything back and is reported on
// its row; nothing is half-applied.
#pragma once
#include "common/result.h"
#include "dbx/block_cache.h"
#include "dbx/row_query.h"
#include <QHash>
#include <QMap>
#include <QObject>
#include <QStringList>
#include <memory>

class QThread;

namespace bb::dbx {

class RowSource;

/// How a row of the grid stands against the database.
enum class RowState {
    Unchanged,
    Edited,   ///< at least one cell staged
    Inserted, ///< a new row, not in the database yet
    Deleted   ///< staged for deletion
};

/// One statement apply() will run, and what it came from.
struct StagedChange {
    enum class Kind { Delete, Update, Insert } kind = Kind::Update;
    QVariant key;         ///< the row's rowid or primary key (Update, Delete)
    int insertIndex = -1; ///< the staged new row (Insert)
    Statement statement;  ///< parameterised, values bound
};

/// Why apply() failed: the change that failed and the driver's message.
struct ApplyError {
    int change = -1; ///< index into the changes() that were applied
    StagedChange::Kind kind = StagedChange::Kind::Update;
    QVariant key;         ///< Update/Delete
    int insertIndex = -1; ///< Insert
    QString constraint;   ///< "unique", "foreign key", "not null", "check", "bad value" or empty
    QStringList columns;  ///< the columns the driver named, when it named any
    QString message;      ///< the database's text
    QString code;         ///< SQLSTATE (PostgreSQL), the error number (MySQL) or result code
};

struct ApplyResult {
    bool ok = false;
    int statements = 0; ///< statements in the transaction
    double durationMs = 0;
    ApplyError error; ///< when !ok
};

class EditBuffer : public QObject {
    Q_OBJECT
public:
    /// Edits the table `source` shows; `source` must outlive the buffer.
    explicit EditBuffer(RowSource *source, QObject *parent = nullptr);
    ~EditBuffer() override;

    /// A view, or a table with neither rowid nor a single-column primary key, cannot be edited:
    /// rows could not be addressed. readOnlyReason() says which in one sentence.
    bool isReadOnly() const { return !m_readOnlyReason.isEmpty(); }
    QString readOnlyReason() const { return m_readOnlyReason; }
    RowSource *source() const { return m_source; }

    // Staging. Values are converted to the column's type when the text allows it ("5" into an
    // INTEGER column stages 5), so the preview and the bound values agree with the database.
    /// Stages `value` for `column` of `row` (a row read from the source). Setting a cell back to
    /// its original value unstages it.
    Result<void> stageEdit(const Row &row, int column, const QVariant &value);
    /// Stages the deletion of `row` (its cell edits stay, unused, until undeleted or reverted).
    Result<void> stageDelete(const Row &row);
    void unstageDelete(const QVariant &key);
    /// Adds a new row (columns left unset take their defaults) and returns its index.
    Result<int> stageInsert(const QMap<int, QVariant> &values = {});
    Result<void> setInsertedValue(int insertIndex, int column, const QVariant &value);
    /// Drops a staged new row; the ones after it move up by one.
    void removeInsert(int insertIndex);

    // What is staged.
    bool hasChanges() const;
    int insertedCount() const { return int(m_inserts.size()); }
    RowState stateOf(const QVariant &key) const;
    /// The staged value of a cell, or nullptr when the cell is not edited.
    const QVariant *editedValue(const QVariant &key, int column) const;
    /// The value of a new row's cell, or nullptr when it is left to its default.
    const QVariant *insertedValue(int insertIndex, int column) const;
    /// The error apply() reported on this row (empty when none).
    QString errorFor(const QVariant &key) const;
    QString insertError(int insertIndex) const;
    const ApplyResult &lastApply() const { return m_lastApply; }

    /// The statements apply() runs, in order: deletes, then updates, then inserts (deletes first
    /// so a new row may reuse a unique value a deleted one held).
    QList<StagedChange> changes() const;
    /// The same statements with the values inlined as literals of the dialect, one per line,
    /// each ending with ';' — for display and "Copy SQL"; apply() binds the values instead.
    QString previewSql() const;

    /// Runs changes() in one transaction on a worker thread; applied() follows. On success the
    /// staged changes are dropped and the source re-reads its rows and count; on failure
    /// nothing is kept in the database and the changes stay staged, the failing row marked.
    void apply();
    bool isApplying() const { return m_applying; }
    /// Drops every staged change.
    void revert();

signals:
    /// A new row was staged at `insertIndex` / removed from it.
    void insertAdded(int insertIndex);
    void insertRemoved(int insertIndex);
    /// Cell edits, deletions or errors changed (repaint).
    void changed();
    /// Everything staged was dropped (revert or a successful apply).
    void cleared();
    void applied(const bb::dbx::ApplyResult &result);

private:
    struct RowEdit {
        QVariant key;
        QVariantList original;
        QMap<int, QVariant> values;
        bool deleted = false;
        QString error;
        int order = 0; ///< staging order, so updates run in the order the user made them
    };
    struct Insert {
        QMap<int, QVariant> values;
        QString error;
    };
    static QString keyText(const QVariant &key);
    Result<QVariant> coerce(int column, const QVariant &value) const;
    void finishApply(ApplyResult result, QList<StagedChange> ran);
    void clearErrors();

    RowSource *m_source;
    QString m_readOnlyReason;
    QString m_keyColumn; ///< quoted: rowid or the primary key
    QHash<QString, RowEdit> m_rows;
    QList<Insert> m_inserts;
    int m_nextOrder = 0;
    bool m_applying = false;
    ApplyResult m_lastApply;
    QThread *m_thread = nullptr;
};

} // namespace bb::dbx

Q_DECLARE_METATYPE(bb::dbx::ApplyResult)
