// libFuzzer target for the filter language and the sort list: arbitrary input against a
// fixed table, for both dialects. Checks that errors are well-formed and that compiled SQL
// has exactly one '?' per parameter and no quote or comment the input could have smuggled in.
#include "filter_test_table.h"
#include "store/filter.h"

#include <QString>

#include <cstdint>
#include <cstdlib>

using namespace bb::store;

namespace {

Table fuzzTable()
{
    return bbtest::filterTestTable();
}

void check(bool condition)
{
    if (!condition)
        std::abort();
}

void checkFilter(const QString &input, const Table &table, Dialect dialect)
{
    const auto r = compileFilter(input, table, dialect);
    if (!r.ok()) {
        check(r.error().code == bb::ErrorCode::Invalid);
        check(r.error().position >= 0 && r.error().position <= input.size());
        check(r.error().message.endsWith(QStringLiteral(" at %1").arg(r.error().position)));
        return;
    }
    check(input.size() <= kMaxFilterLength);
    const QString &sql = r->sql;
    check(sql.count(QLatin1Char('?')) == r->params.size());
    // Values are bound, so the only literal text in the SQL is the LIKE escape clause.
    QString withoutEscape = sql;
    withoutEscape.remove(QStringLiteral(" ESCAPE '\\'"));
    check(!withoutEscape.contains(QLatin1Char('\'')));
    check(!sql.contains(QLatin1String("--")) && !sql.contains(QLatin1Char(';')));
    check(sql.count(QLatin1Char('(')) == sql.count(QLatin1Char(')')));
    check(sql.isEmpty() == input.trimmed().isEmpty());
    for (const QVariant &p : r->params)
        check(p.isValid() && !p.isNull());
}

void checkSort(const QString &input, const Table &table, Dialect dialect)
{
    const auto r = compileSort(input, table, dialect);
    if (!r.ok()) {
        check(r.error().code == bb::ErrorCode::Invalid);
        check(r.error().position >= 0 && r.error().position <= input.size());
        return;
    }
    check(!r->contains(QLatin1Char('\'')) && !r->contains(QLatin1Char(';')));
    const int items = r->isEmpty() ? 0 : int(r->count(QLatin1Char(','))) + 1;
    check(items == int(r->count(QLatin1String(" ASC")) + r->count(QLatin1String(" DESC"))));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const Table table = fuzzTable();
    const QString input = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    for (Dialect d : {Dialect::Sqlite, Dialect::Postgres}) {
        checkFilter(input, table, d);
        checkSort(input, table, d);
    }
    return 0;
}
