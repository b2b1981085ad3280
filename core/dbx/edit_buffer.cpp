#include "dbx/edit_buffer.h"
#include "dbx/edit_errors_p.h"
#include "dbx/row_source.h"
#include "dbx/sql_literal.h"
#include "store/filter.h"
#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <algorithm>
#include <memory>

namespace bb::dbx {

namespace {

bool sameValue(const QVariant &a, const QVariant &b)
{
    if (a.isNull() || b.isNull())
        return a.isNull() == b.isNull();
    return a == b;
}

bool rowExists(QSqlDatabase &conn, const store::Table &table, const QString &keyColumn,
               const QVariant &key)
{
    QSqlQuery q(conn);
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("SELECT 1 FROM %1 WHERE %2 = ?")
                       .arg(store::quoteIdentifier(table.name), keyColumn)))
        return false;
    q.addBindValue(key);
    const bool found = q.exec() && q.next();
    q.finish();
    return found;
}

} // namespace

EditBuffer::EditBuffer(RowSource *source, QObject *parent)
    : QObject(parent)
    , m_source(source)
{
    qRegisterMetaType<ApplyResult>();
    const store::Table &t = source->table();
    const QString what = t.isView ? QStringLiteral("view") : QStringLiteral("table");
    if (t.isView) {
        m_readOnlyReason = QStringLiteral("%1 is a view: its rows have no key to address them "
                                          "by, so they cannot be edited here")
                               .arg(t.name);
    } else if (source->paging() == Paging::Rowid) {
        m_keyColumn = QStringLiteral("rowid");
    } else if (source->paging() == Paging::PrimaryKey) {
        m_keyColumn = store::quoteIdentifier(t.primaryKey);
    } else {
        m_readOnlyReason =
            QStringLiteral("%1 %2 has neither a rowid nor a single-column primary key, so a "
                           "changed row could not be found again: it is read-only")
                .arg(what, t.name);
    }
}

EditBuffer::~EditBuffer()
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

QString EditBuffer::keyText(const QVariant &key)
{
    // Keys of one table share a type; the type name keeps 1 and '1' apart all the same.
    if (key.typeId() == QMetaType::QByteArray)
        return QStringLiteral("b:") + QString::fromLatin1(key.toByteArray().toHex());
    return QString::number(key.typeId()) + QLatin1Char(':') + key.toString();
}

Result<QVariant> EditBuffer::coerce(int column, const QVariant &value) const
{
    const auto &cols = m_source->table().columns;
    if (column < 0 || column >= cols.size())
        return Error::invalid(
            QStringLiteral("no column %1 in %2").arg(column).arg(m_source->table().name));
    if (value.isNull() || value.typeId() != QMetaType::QString)
        return value;
    const QString text = value.toString();
    const QString trimmed = text.trimmed();
    bool ok = false;
    switch (cols[column].type) {
    case store::ColumnType::Integer:
        if (const qlonglong v = trimmed.toLongLong(&ok); ok)
            return QVariant(v);
        break;
    case store::ColumnType::Real:
        if (const double v = trimmed.toDouble(&ok); ok)
            return QVariant(v);
        break;
    case store::ColumnType::Boolean: {
        const QString l = trimmed.toLower();
        if (l == QLatin1String("true") || l == QLatin1String("t") || l == QLatin1String("1"))
            return QVariant(true);
        if (l == QLatin1String("false") || l == QLatin1String("f") || l == QLatin1String("0"))
            return QVariant(false);
        break;
    }
    default:
        break;
    }
    // Text that does not read as the column's type goes as typed: the database decides (and
    // its error lands on the row).
    return value;
}

Result<void> EditBuffer::stageEdit(const Row &row, int column, const QVariant &value)
{
    if (isReadOnly())
        return Error::invalid(m_readOnlyReason);
    if (m_applying)
        return Error::invalid(QStringLiteral("the staged changes are being applied"));
    auto v = coerce(column, value);
    if (!v)
        return v.error();
    const QString k = keyText(row.key);
    auto it = m_rows.find(k);
    if (it == m_rows.end()) {
        if (column < row.values.size() && sameValue(row.values[column], *v))
            return {};
        RowEdit e;
        e.key = row.key;
        e.original = row.values;
        e.order = m_nextOrder++;
        it = m_rows.insert(k, e);
    }
    if (column < it->original.size() && sameValue(it->original[column], *v))
        it->values.remove(column);
    else
        it->values.insert(column, *v);
    it->error.clear();
    if (it->values.isEmpty() && !it->deleted)
        m_rows.erase(it);
    emit changed();
    return {};
}

Result<void> EditBuffer::stageDelete(const Row &row)
{
    if (isReadOnly())
        return Error::invalid(m_readOnlyReason);
    if (m_applying)
        return Error::invalid(QStringLiteral("the staged changes are being applied"));
    const QString k = keyText(row.key);
    auto it = m_rows.find(k);
    if (it == m_rows.end()) {
        RowEdit e;
        e.key = row.key;
        e.original = row.values;
        it = m_rows.insert(k, e);
    }
    it->deleted = true;
    it->order = m_nextOrder++;
    it->error.clear();
    emit changed();
    return {};
}

void EditBuffer::unstageDelete(const QVariant &key)
{
    auto it = m_rows.find(keyText(key));
    if (it == m_rows.end() || !it->deleted || m_applying)
        return;
    it->deleted = false;
    if (it->values.isEmpty())
        m_rows.erase(it);
    emit changed();
}

Result<int> EditBuffer::stageInsert(const QMap<int, QVariant> &values)
{
    if (isReadOnly())
        return Error::invalid(m_readOnlyReason);
    if (m_applying)
        return Error::invalid(QStringLiteral("the staged changes are being applied"));
    Insert ins;
    for (auto it = values.begin(); it != values.end(); ++it) {
        auto v = coerce(it.key(), it.value());
        if (!v)
            return v.error();
        ins.values.insert(it.key(), *v);
    }
    m_inserts.append(ins);
    const int at = int(m_inserts.size()) - 1;
    emit insertAdded(at);
    return at;
}

Result<void> EditBuffer::setInsertedValue(int insertIndex, int column, const QVariant &value)
{
    if (insertIndex < 0 || insertIndex >= m_inserts.size())
        return Error::invalid(QStringLiteral("no staged new row %1").arg(insertIndex));
    if (m_applying)
        return Error::invalid(QStringLiteral("the staged changes are being applied"));
    auto v = coerce(column, value);
    if (!v)
        return v.error();
    m_inserts[insertIndex].values.insert(column, *v);
    m_inserts[insertIndex].error.clear();
    emit changed();
    return {};
}

void EditBuffer::removeInsert(int insertIndex)
{
    if (insertIndex < 0 || insertIndex >= m_inserts.size() || m_applying)
        return;
    m_inserts.removeAt(insertIndex);
    emit insertRemoved(insertIndex);
}

bool EditBuffer::hasChanges() const
{
    return !m_rows.isEmpty() || !m_inserts.isEmpty();
}

RowState EditBuffer::stateOf(const QVariant &key) const
{
    const auto it = m_rows.constFind(keyText(key));
    if (it == m_rows.constEnd())
        return RowState::Unchanged;
    return it->deleted ? RowState::Deleted : RowState::Edited;
}

const QVariant *EditBuffer::editedValue(const QVariant &key, int column) const
{
    const auto it = m_rows.constFind(keyText(key));
    if (it == m_rows.constEnd())
        return nullptr;
    const auto v = it->values.constFind(column);
    return v == it->values.constEnd() ? nullptr : &*v;
}

const QVariant *EditBuffer::insertedValue(int insertIndex, int column) const
{
    if (insertIndex < 0 || insertIndex >= m_inserts.size())
        return nullptr;
    const auto &values = m_inserts[insertIndex].values;
    const auto v = values.constFind(column);
    return v == values.constEnd() ? nullptr : &*v;
}

QString EditBuffer::errorFor(const QVariant &key) const
{
    const auto it = m_rows.constFind(keyText(key));
    return it == m_rows.constEnd() ? QString() : it->error;
}

QString EditBuffer::insertError(int insertIndex) const
{
    return insertIndex >= 0 && insertIndex < m_inserts.size() ? m_inserts[insertIndex].error
                                                              : QString();
}

QList<StagedChange> EditBuffer::changes() const
{
    const store::Table &t = m_source->table();
    const QString table = store::quoteIdentifier(t.name);
    QList<const RowEdit *> ordered;
    for (const RowEdit &e : m_rows)
        ordered.append(&e);
    std::sort(ordered.begin(), ordered.end(),
              [](const RowEdit *a, const RowEdit *b) { return a->order < b->order; });

    QList<StagedChange> out;
    for (const RowEdit *e : ordered) {
        if (!e->deleted)
            continue;
        StagedChange c;
        c.kind = StagedChange::Kind::Delete;
        c.key = e->key;
        c.statement.sql = QStringLiteral("DELETE FROM %1 WHERE %2 = ?").arg(table, m_keyColumn);
        c.statement.params = {e->key};
        out.append(c);
    }
    for (const RowEdit *e : ordered) {
        if (e->deleted || e->values.isEmpty())
            continue;
        StagedChange c;
        c.kind = StagedChange::Kind::Update;
        c.key = e->key;
        QStringList sets;
        for (auto it = e->values.begin(); it != e->values.end(); ++it) {
            sets << QStringLiteral("%1 = ?").arg(store::quoteIdentifier(t.columns[it.key()].name));
            c.statement.params << it.value();
        }
        c.statement.sql = QStringLiteral("UPDATE %1 SET %2 WHERE %3 = ?")
                              .arg(table, sets.join(QStringLiteral(", ")), m_keyColumn);
        c.statement.params << e->key;
        out.append(c);
    }
    for (int i = 0; i < m_inserts.size(); ++i) {
        StagedChange c;
        c.kind = StagedChange::Kind::Insert;
        c.insertIndex = i;
        const auto &values = m_inserts[i].values;
        if (values.isEmpty()) {
            // MySQL has no DEFAULT VALUES; an empty column list means the same there.
            c.statement.sql = m_source->database()->dialect() == store::Dialect::Mysql
                                  ? QStringLiteral("INSERT INTO %1 () VALUES ()").arg(table)
                                  : QStringLiteral("INSERT INTO %1 DEFAULT VALUES").arg(table);
        } else {
            QStringList names, marks;
            for (auto it = values.begin(); it != values.end(); ++it) {
                names << store::quoteIdentifier(t.columns[it.key()].name);
                marks << QStringLiteral("?");
                c.statement.params << it.value();
            }
            c.statement.sql =
                QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                    .arg(table, names.join(QStringLiteral(", ")), marks.join(QStringLiteral(", ")));
        }
        out.append(c);
    }
    return out;
}

QString EditBuffer::previewSql() const
{
    QString out;
    const store::Dialect dialect = m_source->database()->dialect();
    for (const StagedChange &c : changes())
        out += inlineParameters(c.statement, dialect) + QStringLiteral(";\n");
    return out;
}

void EditBuffer::clearErrors()
{
    for (RowEdit &e : m_rows)
        e.error.clear();
    for (Insert &i : m_inserts)
        i.error.clear();
}

void EditBuffer::apply()
{
    if (m_applying || isReadOnly())
        return;
    clearErrors();
    const QList<StagedChange> list = changes();
    if (list.isEmpty()) {
        ApplyResult empty;
        empty.ok = true;
        m_lastApply = empty;
        emit applied(empty);
        return;
    }
    m_applying = true;
    emit changed();
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
    const auto db = m_source->database();
    const store::Table table = m_source->table();
    const QString keyColumn = m_keyColumn;
    m_thread = QThread::create([this, db, table, keyColumn, list] {
        QElapsedTimer timer;
        timer.start();
        ApplyResult result;
        result.statements = int(list.size());
        auto ran = db->write<bool>(
            [&](QSqlDatabase &conn) -> Result<bool> {
                if (auto begun = db->begin(conn); !begun)
                    return begun.error();
                // One prepared statement per distinct text (new rows with the same columns share
                // one), kept until after the rollback: PostgreSQL refuses to DEALLOCATE a
                // prepared statement inside the transaction its failure aborted.
                QHash<QString, std::shared_ptr<QSqlQuery>> queries;
                for (int i = 0; i < list.size(); ++i) {
                    const StagedChange &c = list[i];
                    std::shared_ptr<QSqlQuery> &q = queries[c.statement.sql];
                    bool ok = true;
                    if (!q) {
                        q = std::make_shared<QSqlQuery>(conn);
                        q->setForwardOnly(true);
                        ok = q->prepare(c.statement.sql);
                    }
                    for (int p = 0; ok && p < c.statement.params.size(); ++p)
                        q->bindValue(p, c.statement.params[p]);
                    ok = ok && q->exec();
                    QString message, code;
                    if (!ok) {
                        const QSqlError err = q->lastError();
                        // The database's own words; text() appends Qt's "Unable to …".
                        const QString text = err.databaseText().trimmed().isEmpty()
                                                 ? err.text()
                                                 : err.databaseText().trimmed();
                        message = text;
                        code = err.nativeErrorCode();
                    } else if (c.kind != StagedChange::Kind::Insert && q->numRowsAffected() == 0 &&
                               !rowExists(conn, table, keyColumn, c.key)) {
                        // Someone else deleted the row or changed its key since it was read.
                        // (MySQL counts changed rows, not matched ones: an UPDATE to the value
                        // the row already holds affects none, hence the look.)
                        message = QStringLiteral("no row with key %1 any more: it was changed "
                                                 "or deleted since it was read")
                                      .arg(c.key.toString());
                    }
                    if (!message.isEmpty()) {
                        (void)db->rollback(conn);
                        result.error.change = i;
                        result.error.kind = c.kind;
                        result.error.key = c.key;
                        result.error.insertIndex = c.insertIndex;
                        result.error.message = message;
                        result.error.code = code;
                        // The classifier reads the code the way Database::exec writes it.
                        const auto v = classifyEditError(
                            code.isEmpty() ? message : QStringLiteral("[%1] %2").arg(code, message),
                            db->dialect(), table);
                        result.error.constraint = v.constraint;
                        result.error.columns = v.columns;
                        return false;
                    }
                    q->finish();
                }
                // Deferred constraints fail here: no single row to blame.
                if (auto committed = db->commit(conn); !committed)
                    return committed.error();
                return true;
            },
            false);
        if (!ran) {
            result.error.message = ran.error().message;
            const auto v = classifyEditError(ran.error().message, db->dialect(), table);
            result.error.constraint = v.constraint;
            result.error.columns = v.columns;
        }
        result.ok = ran.ok() && *ran;
        result.durationMs = timer.nsecsElapsed() / 1e6;
        QMetaObject::invokeMethod(
            this, [this, result, list] { finishApply(result, list); }, Qt::QueuedConnection);
    });
    m_thread->start();
}

void EditBuffer::finishApply(ApplyResult result, QList<StagedChange> ran)
{
    m_applying = false;
    m_lastApply = result;
    if (result.ok) {
        m_rows.clear();
        m_inserts.clear();
        emit cleared();
        m_source->reload();
    } else if (result.error.change >= 0 && result.error.change < ran.size()) {
        const StagedChange &c = ran[result.error.change];
        if (c.kind == StagedChange::Kind::Insert) {
            if (c.insertIndex < m_inserts.size())
                m_inserts[c.insertIndex].error = result.error.message;
        } else if (auto it = m_rows.find(keyText(c.key)); it != m_rows.end()) {
            it->error = result.error.message;
        }
        emit changed();
    } else {
        emit changed();
    }
    emit applied(result);
}

void EditBuffer::revert()
{
    if (m_applying || !hasChanges())
        return;
    m_rows.clear();
    m_inserts.clear();
    emit cleared();
}

} // namespace bb::dbx
