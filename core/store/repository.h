// bb::store — rows of one resource table as JSON: list, get, insert, update, delete, with
// validation from column types, NOT NULL and UNIQUE. The engine maps results to HTTP.
//
// Rows come back as compact JSON text, already in the form a client receives: an object whose
// keys are sorted, exactly as QJsonDocument(<the row as a QJsonObject>).toJson(Compact) would
// write it. The engine serves that text and hashes it for ETags without parsing it again.
#pragma once

#include "common/result.h"
#include "store/database.h"
#include "store/filter.h"

#include <QJsonObject>
#include <QMap>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace bb::store {

namespace internal {
class PlanCache;
}

struct ListOptions {
    int page = 1;           ///< 1-based
    int perPage = 30;       ///< the caller clamps to 1..500
    QString sort;           ///< "-created_at,title"
    QString filter;         ///< the filter language
    QStringList fields;     ///< empty = all columns
    bool skipTotal = false; ///< skip COUNT(*); totals come back as -1
    /// When valid, only rows whose owner_id equals it (an `:own` permission); the table must
    /// have an owner_id column.
    QVariant ownerId;
};

struct ListResult {
    std::string itemsJson = "[]"; ///< the page's rows as one JSON array
    qint64 totalItems = -1;
};

/// Per-field validation messages, e.g. {"email": ["must be unique"]}.
using FieldErrors = QMap<QString, QStringList>;

/// The outcome of a write that may fail validation: either the row, or field errors with
/// whether they are a conflict (409, e.g. UNIQUE) or plain invalid input (400).
struct WriteOutcome {
    std::optional<std::string> rowJson; ///< the row as written (deleted, for a delete)
    QString id; ///< the row's primary key as a URL segment, when there is a row
    FieldErrors errors;
    bool conflict = false;
    bool notFound = false;
    bool preconditionFailed = false; ///< the caller's precondition rejected the current row
};

/// Checked against the current row inside the write lock (If-Match); false rejects the write.
/// It sees the same text get() returns for that row.
using RowPrecondition = std::function<bool(const std::string &currentRowJson)>;

class Repository {
public:
    explicit Repository(Database &db);
    ~Repository();
    Repository(const Repository &) = delete;
    Repository &operator=(const Repository &) = delete;

    /// Lists rows of `table`. Filter and sort errors come back as ErrorCode::Invalid with a
    /// position.
    Result<ListResult> list(const Table &table, const ListOptions &options);
    /// One row by primary key as a JSON object, or std::nullopt when absent.
    Result<std::optional<std::string>> get(const Table &table, const QString &id);
    /// Inserts `values`; fills created_at/updated_at when the table has them.
    Result<WriteOutcome> insert(const Table &table, const QJsonObject &values);
    /// PATCH (replace=false) merges; PUT (replace=true) sets every non-generated column,
    /// so missing NOT NULL columns without a default are errors. Bumps updated_at.
    Result<WriteOutcome> update(const Table &table, const QString &id, const QJsonObject &values,
                                bool replace, const RowPrecondition &precondition = {});
    /// Deletes one row; `notFound` or `preconditionFailed` say why nothing was deleted.
    Result<WriteOutcome> remove(const Table &table, const QString &id,
                                const RowPrecondition &precondition = {});

private:
    Database &m_db;
    std::unique_ptr<internal::PlanCache> m_plans;
};

} // namespace bb::store
