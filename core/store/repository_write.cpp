#include "store/repository.h"

#include "store/constraint_errors_p.h"
#include "store/json_mapping_p.h"
#include "store/repository_p.h"
#include "store/table_plan_p.h"

namespace bb::store {

using namespace internal;

namespace {

const QString kCreatedAt = QStringLiteral("created_at");
const QString kUpdatedAt = QStringLiteral("updated_at");

// One column assignment of an INSERT or UPDATE: a bound value, or an SQL default expression.
struct Assignment {
    QString column;
    QVariant value;
    QString expression; ///< non-empty: used instead of a '?' (PUT resetting to a default)
};

struct Prepared {
    QList<Assignment> assignments;
    FieldErrors errors;
};

bool hasAssignment(const Prepared &p, const QString &column)
{
    for (const Assignment &a : p.assignments) {
        if (a.column == column)
            return true;
    }
    return false;
}

// Checks every given field against its column; `key` is the row's key on updates, where
// the primary key may be repeated but not changed.
void bindGiven(Prepared &p, const Table &table, const QJsonObject &values, Dialect dialect,
               const std::optional<QVariant> &key)
{
    for (auto it = values.begin(); it != values.end(); ++it) {
        const Column *col = table.column(it.key());
        if (!col) {
            p.errors[it.key()].append(QStringLiteral("unknown field"));
            continue;
        }
        const bool isKey = col->name == table.primaryKey;
        if (col->generated && it->isNull())
            continue; // the database fills it
        if (col->generated && !isKey) {
            p.errors[col->name].append(QStringLiteral("is read-only"));
            continue;
        }
        BoundValue bound = fromJson(*it, *col, dialect);
        if (!bound.error.isEmpty()) {
            p.errors[col->name].append(bound.error);
            continue;
        }
        if (isKey && key) {
            if (bound.value != *key)
                p.errors[col->name].append(QStringLiteral("cannot be changed"));
            continue;
        }
        p.assignments.append({col->name, bound.value, {}});
    }
}

void stamp(Prepared &p, const Table &table, const QString &column)
{
    if (table.column(column) && !hasAssignment(p, column) && !p.errors.contains(column))
        p.assignments.append({column, nowTimestamp(), {}});
}

QString assignmentSql(const Assignment &a)
{
    return a.expression.isEmpty() ? QStringLiteral("?") : a.expression;
}

QVariantList assignmentParams(const QList<Assignment> &assignments)
{
    QVariantList params;
    for (const Assignment &a : assignments) {
        if (a.expression.isEmpty())
            params.append(a.value);
    }
    return params;
}

// SQLite only says "FOREIGN KEY constraint failed"; look up which given reference is missing.
QStringList missingReferences(Database &db, QSqlDatabase &conn, const Table &table,
                              const QList<Assignment> &assignments)
{
    QStringList out;
    for (const ForeignKey &fk : table.foreignKeys) {
        if (fk.columns.size() != fk.refColumns.size())
            continue;
        QStringList where;
        QVariantList params;
        for (int i = 0; i < fk.columns.size(); ++i) {
            for (const Assignment &a : assignments) {
                if (a.column == fk.columns[i] && a.expression.isEmpty() && !a.value.isNull()) {
                    where.append(quoteIdentifier(fk.refColumns[i]) + QStringLiteral(" = ?"));
                    params.append(a.value);
                }
            }
        }
        if (where.size() != fk.columns.size())
            continue;
        auto found =
            db.scalar(conn,
                      QStringLiteral("SELECT 1 FROM %1 WHERE %2")
                          .arg(quoteIdentifier(fk.refTable), where.join(QStringLiteral(" AND "))),
                      params);
        if (found && found->isNull())
            out.append(fk.columns);
    }
    return out;
}

// Turns a failed INSERT/UPDATE into field errors where the failure is the caller's fault.
Result<WriteOutcome> writeFailure(Database &db, QSqlDatabase &conn, const Table &table,
                                  const QList<Assignment> &assignments, const Error &error)
{
    ConstraintViolation v = classifyError(error, db.dialect(), table);
    WriteOutcome out;
    switch (v.kind) {
    case ConstraintViolation::Unique:
        if (v.columns.isEmpty())
            break;
        out.conflict = true;
        for (const QString &c : v.columns)
            out.errors[c].append(QStringLiteral("must be unique"));
        return out;
    case ConstraintViolation::ForeignKey:
        if (v.columns.isEmpty())
            v.columns = missingReferences(db, conn, table, assignments);
        if (v.columns.isEmpty())
            return Error::invalid(QStringLiteral("a referenced row does not exist"));
        for (const QString &c : v.columns)
            out.errors[c].append(QStringLiteral("references a missing row"));
        return out;
    case ConstraintViolation::NotNull:
        if (v.columns.isEmpty())
            break;
        for (const QString &c : v.columns)
            out.errors[c].append(QStringLiteral("is required"));
        return out;
    case ConstraintViolation::Check:
        return Error::invalid(QStringLiteral("a CHECK constraint failed: %1").arg(error.message));
    case ConstraintViolation::BadValue:
        return Error::invalid(
            QStringLiteral("a value does not fit its column: %1").arg(error.message));
    case ConstraintViolation::None:
        break;
    }
    return error;
}

// The one row a statement returns (RETURNING, or a SELECT by key) with its key as text.
struct Row {
    std::string json;
    QString id;
};

QString keyText(const TablePlan &plan, const QSqlQuery &query)
{
    if (plan.keyIndex < 0)
        return {};
    const QJsonValue key = toJson(query.value(plan.keyIndex), plan.key->type);
    return key.isDouble() ? QString::number(key.toInteger(qint64(key.toDouble())))
                          : key.toVariant().toString();
}

Result<std::optional<Row>> readOne(Database &db, QSqlDatabase &conn, const QString &sql,
                                   const QVariantList &params, const TablePlan &plan)
{
    auto q = db.exec(conn, sql, params);
    if (!q)
        return q.error();
    std::optional<Row> row;
    if (q->next()) {
        row.emplace();
        plan.all.shape.appendRow(row->json, *q);
        row->id = keyText(plan, *q);
    }
    q->finish();
    return row;
}

void take(WriteOutcome &out, std::optional<Row> &row)
{
    out.notFound = !row;
    if (!row)
        return;
    out.rowJson = std::move(row->json);
    out.id = std::move(row->id);
}

WriteOutcome invalid(const FieldErrors &errors)
{
    WriteOutcome out;
    out.errors = errors;
    return out;
}

Result<const Column *> keyColumn(const Table &table)
{
    if (table.isView)
        return Error::invalid(
            QStringLiteral("'%1' is a view and cannot be changed").arg(table.name));
    const Column *pk = table.column(table.primaryKey);
    if (!pk)
        return Error::invalid(
            QStringLiteral("table '%1' has no single-column primary key").arg(table.name));
    return pk;
}

} // namespace

Result<WriteOutcome> Repository::insert(const Table &table, const QJsonObject &values)
{
    if (table.isView)
        return Error::invalid(
            QStringLiteral("'%1' is a view and cannot be changed").arg(table.name));
    Prepared p;
    bindGiven(p, table, values, m_db.dialect(), std::nullopt);
    stamp(p, table, kCreatedAt);
    stamp(p, table, kUpdatedAt);
    for (const Column &c : table.columns) {
        if (c.notNull && !c.hasDefault && !c.generated && !hasAssignment(p, c.name) &&
            !p.errors.contains(c.name))
            p.errors[c.name].append(QStringLiteral("is required"));
    }
    if (!p.errors.isEmpty())
        return invalid(p.errors);

    QStringList names, marks;
    for (const Assignment &a : p.assignments) {
        names.append(quoteIdentifier(a.column));
        marks.append(assignmentSql(a));
    }
    const auto plan = m_plans->plan(table);
    const QString returning = QStringLiteral(" RETURNING ") + plan->all.selectList;
    const QString sql = QStringLiteral("INSERT INTO ") + plan->name +
                        (names.isEmpty() ? QStringLiteral(" DEFAULT VALUES")
                                         : QStringLiteral(" (%1) VALUES (%2)")
                                               .arg(names.join(QStringLiteral(", ")),
                                                    marks.join(QStringLiteral(", ")))) +
                        returning;

    // A single statement is atomic on its own, so no explicit transaction is needed.
    return m_db.write<WriteOutcome>(
        [&](QSqlDatabase &conn) -> Result<WriteOutcome> {
            auto row = readOne(m_db, conn, sql, assignmentParams(p.assignments), *plan);
            if (!row)
                return writeFailure(m_db, conn, table, p.assignments, row.error());
            WriteOutcome out;
            take(out, *row);
            out.notFound = false; // an INSERT … RETURNING always returns its row
            return out;
        },
        false);
}

Result<WriteOutcome> Repository::update(const Table &table, const QString &id,
                                        const QJsonObject &values, bool replace,
                                        const RowPrecondition &precondition)
{
    auto pk = keyColumn(table);
    if (!pk)
        return pk.error();
    const auto key = keyFromString(id, **pk);
    if (!key) {
        WriteOutcome out;
        out.notFound = true;
        return out;
    }

    Prepared p;
    bindGiven(p, table, values, m_db.dialect(), key);
    if (replace) {
        for (const Column &c : table.columns) {
            // created_at describes the row's history, not its content, so PUT keeps it.
            if (c.generated || c.primaryKey || c.name == kCreatedAt || c.name == kUpdatedAt ||
                values.contains(c.name))
                continue;
            if (c.hasDefault) {
                const QString def = m_db.dialect() == Dialect::Postgres
                                        ? QStringLiteral("DEFAULT")
                                        : QLatin1Char('(') + c.defaultSql + QLatin1Char(')');
                p.assignments.append({c.name, {}, def});
            } else if (c.notNull) {
                p.errors[c.name].append(QStringLiteral("is required"));
            } else {
                p.assignments.append({c.name, QVariant(), {}});
            }
        }
    }
    stamp(p, table, kUpdatedAt);
    if (!p.errors.isEmpty())
        return invalid(p.errors);

    const auto plan = m_plans->plan(table);
    const QString lockSuffix =
        m_db.dialect() == Dialect::Postgres ? QStringLiteral(" FOR UPDATE") : QString();
    QStringList sets;
    for (const Assignment &a : p.assignments)
        sets.append(quoteIdentifier(a.column) + QStringLiteral(" = ") + assignmentSql(a));
    QVariantList params = assignmentParams(p.assignments);
    params.append(*key);

    return m_db.write<WriteOutcome>(
        [&](QSqlDatabase &conn) -> Result<WriteOutcome> {
            if (auto begun = m_db.begin(conn); !begun)
                return begun.error();
            WriteOutcome out;
            auto current = readOne(m_db, conn, plan->selectByKey + lockSuffix, {*key}, *plan);
            if (!current) {
                (void)m_db.rollback(conn);
                return current.error();
            }
            out.notFound = !*current;
            out.preconditionFailed = *current && precondition && !precondition((*current)->json);
            if (out.notFound || out.preconditionFailed || sets.isEmpty()) {
                (void)m_db.rollback(conn);
                if (!out.notFound && !out.preconditionFailed)
                    take(out, *current);
                return out;
            }
            auto row = readOne(m_db, conn,
                               QStringLiteral("UPDATE ") + plan->name + QStringLiteral(" SET ") +
                                   sets.join(QStringLiteral(", ")) + plan->whereKey +
                                   QStringLiteral(" RETURNING ") + plan->all.selectList,
                               params, *plan);
            if (!row) {
                (void)m_db.rollback(conn);
                return writeFailure(m_db, conn, table, p.assignments, row.error());
            }
            if (auto committed = m_db.commit(conn); !committed)
                return committed.error();
            take(out, *row);
            return out;
        },
        false);
}

Result<WriteOutcome> Repository::remove(const Table &table, const QString &id,
                                        const RowPrecondition &precondition)
{
    auto pk = keyColumn(table);
    if (!pk)
        return pk.error();
    const auto key = keyFromString(id, **pk);
    WriteOutcome out;
    if (!key) {
        out.notFound = true;
        return out;
    }
    const auto plan = m_plans->plan(table);

    return m_db.write<WriteOutcome>(
        [&](QSqlDatabase &conn) -> Result<WriteOutcome> {
            if (precondition) {
                if (auto begun = m_db.begin(conn); !begun)
                    return begun.error();
                const QString lockSuffix =
                    m_db.dialect() == Dialect::Postgres ? QStringLiteral(" FOR UPDATE") : QString();
                auto current = readOne(m_db, conn, plan->selectByKey + lockSuffix, {*key}, *plan);
                if (!current || !*current || !precondition((*current)->json)) {
                    (void)m_db.rollback(conn);
                    if (!current)
                        return current.error();
                    out.notFound = !*current;
                    out.preconditionFailed = !out.notFound;
                    return out;
                }
            }
            auto row = readOne(m_db, conn,
                               QStringLiteral("DELETE FROM ") + plan->name + plan->whereKey +
                                   QStringLiteral(" RETURNING ") + plan->all.selectList,
                               {*key}, *plan);
            if (!row) {
                if (precondition)
                    (void)m_db.rollback(conn);
                const ConstraintViolation v = classifyError(row.error(), m_db.dialect(), table);
                if (v.kind != ConstraintViolation::ForeignKey)
                    return row.error();
                out.conflict = true;
                out.errors[(*pk)->name].append(QStringLiteral("is still referenced by other rows"));
                return out;
            }
            if (precondition) {
                if (auto committed = m_db.commit(conn); !committed)
                    return committed.error();
            }
            take(out, *row);
            return out;
        },
        false);
}

} // namespace bb::store
