#include "store/demo_text_p.h"

#include <QDateTime>
#include <QRegularExpression>

namespace bb::store::internal {

std::uint64_t DemoRandom::next()
{
    std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

const QStringList &DemoText::firstNames()
{
    static const QStringList names = {
        QStringLiteral("Ada"),      QStringLiteral("Grace"),   QStringLiteral("Alan"),
        QStringLiteral("Barbara"),  QStringLiteral("Edsger"),  QStringLiteral("Margaret"),
        QStringLiteral("Dennis"),   QStringLiteral("Frances"), QStringLiteral("Ken"),
        QStringLiteral("Radia"),    QStringLiteral("Linus"),   QStringLiteral("Katherine"),
        QStringLiteral("Donald"),   QStringLiteral("Hedy"),    QStringLiteral("Tim"),
        QStringLiteral("Sophie"),   QStringLiteral("Guido"),   QStringLiteral("Anita"),
        QStringLiteral("Bjarne"),   QStringLiteral("Shafi"),   QStringLiteral("John"),
        QStringLiteral("Lynn"),     QStringLiteral("Niklaus"), QStringLiteral("Mary"),
        QStringLiteral("Yukihiro"), QStringLiteral("Joan"),    QStringLiteral("Leslie"),
        QStringLiteral("Evelyn"),   QStringLiteral("Rob"),     QStringLiteral("Carol"),
    };
    return names;
}

const QStringList &DemoText::lastNames()
{
    static const QStringList names = {
        QStringLiteral("Lovelace"),   QStringLiteral("Hopper"),     QStringLiteral("Turing"),
        QStringLiteral("Liskov"),     QStringLiteral("Dijkstra"),   QStringLiteral("Hamilton"),
        QStringLiteral("Ritchie"),    QStringLiteral("Allen"),      QStringLiteral("Thompson"),
        QStringLiteral("Perlman"),    QStringLiteral("Torvalds"),   QStringLiteral("Johnson"),
        QStringLiteral("Knuth"),      QStringLiteral("Lamarr"),     QStringLiteral("Berners-Lee"),
        QStringLiteral("Wilson"),     QStringLiteral("Rossum"),     QStringLiteral("Borg"),
        QStringLiteral("Stroustrup"), QStringLiteral("Goldwasser"), QStringLiteral("McCarthy"),
    };
    return names;
}

const QStringList &DemoText::tagNames()
{
    static const QStringList names = {
        QStringLiteral("sqlite"),       QStringLiteral("postgres"),
        QStringLiteral("http"),         QStringLiteral("rest"),
        QStringLiteral("auth"),         QStringLiteral("caching"),
        QStringLiteral("testing"),      QStringLiteral("performance"),
        QStringLiteral("security"),     QStringLiteral("observability"),
        QStringLiteral("logging"),      QStringLiteral("metrics"),
        QStringLiteral("tracing"),      QStringLiteral("load-testing"),
        QStringLiteral("json"),         QStringLiteral("openapi"),
        QStringLiteral("migrations"),   QStringLiteral("indexes"),
        QStringLiteral("transactions"), QStringLiteral("rate-limiting"),
        QStringLiteral("jwt"),          QStringLiteral("rbac"),
        QStringLiteral("websockets"),   QStringLiteral("tls"),
        QStringLiteral("qt"),           QStringLiteral("cpp"),
        QStringLiteral("deployment"),   QStringLiteral("debugging"),
        QStringLiteral("architecture"), QStringLiteral("tutorial"),
    };
    return names;
}

QString DemoText::personName(int n)
{
    const QStringList &first = firstNames();
    const QStringList &last = lastNames();
    // Coprime strides walk every (first, last) pair before repeating one.
    return first.at((n * 7) % first.size()) + QLatin1Char(' ') + last.at((n * 11) % last.size());
}

QString DemoText::bio(DemoRandom &r)
{
    static const QStringList roles = {
        QStringLiteral("Backend engineer"),          QStringLiteral("Database administrator"),
        QStringLiteral("Site reliability engineer"), QStringLiteral("API designer"),
        QStringLiteral("Platform developer"),        QStringLiteral("Security researcher"),
        QStringLiteral("Technical writer"),          QStringLiteral("Performance consultant"),
    };
    static const QStringList interests = {
        QStringLiteral("query planners"),      QStringLiteral("distributed tracing"),
        QStringLiteral("schema design"),       QStringLiteral("zero-downtime migrations"),
        QStringLiteral("HTTP caching"),        QStringLiteral("load testing"),
        QStringLiteral("password hashing"),    QStringLiteral("readable error messages"),
        QStringLiteral("small fast services"), QStringLiteral("write-ahead logs"),
    };
    static const QStringList extras = {
        QStringLiteral("Writes about what breaks in production."),
        QStringLiteral("Believes every endpoint deserves a test."),
        QStringLiteral("Has opinions about pagination."),
        QStringLiteral("Keeps a notebook of odd SQL plans."),
        QStringLiteral("Speaks at local meetups now and then."),
        QStringLiteral("Prefers boring technology that works."),
    };
    return QStringLiteral("%1 who cares about %2 and %3. %4")
        .arg(r.pick(roles), r.pick(interests), r.pick(interests), r.pick(extras));
}

QString DemoText::postTitle(DemoRandom &r)
{
    static const QStringList openings = {
        QStringLiteral("A practical guide to"),
        QStringLiteral("What I learned about"),
        QStringLiteral("Ten mistakes with"),
        QStringLiteral("Understanding"),
        QStringLiteral("Getting started with"),
        QStringLiteral("Debugging"),
        QStringLiteral("Scaling"),
        QStringLiteral("Why we rewrote"),
        QStringLiteral("Measuring"),
        QStringLiteral("The hidden cost of"),
        QStringLiteral("Notes on"),
        QStringLiteral("A second look at"),
    };
    static const QStringList subjects = {
        QStringLiteral("SQLite in WAL mode"),
        QStringLiteral("connection pools"),
        QStringLiteral("JWT refresh tokens"),
        QStringLiteral("cursor pagination"),
        QStringLiteral("PostgreSQL indexes"),
        QStringLiteral("HTTP keep-alive"),
        QStringLiteral("rate limiters"),
        QStringLiteral("structured logging"),
        QStringLiteral("latency histograms"),
        QStringLiteral("ETags and caching"),
        QStringLiteral("role-based access control"),
        QStringLiteral("background jobs"),
        QStringLiteral("schema migrations"),
        QStringLiteral("OpenAPI documents"),
        QStringLiteral("foreign keys"),
        QStringLiteral("load tests"),
    };
    static const QStringList endings = {
        QString(),
        QString(),
        QStringLiteral(" in production"),
        QStringLiteral(" at scale"),
        QStringLiteral(" for small teams"),
        QStringLiteral(" the hard way"),
        QStringLiteral(" without downtime"),
    };
    return r.pick(openings) + QLatin1Char(' ') + r.pick(subjects) + r.pick(endings);
}

QString DemoText::postBody(DemoRandom &r)
{
    static const QStringList sentences = {
        QStringLiteral("The first version worked fine until real traffic arrived."),
        QStringLiteral("We measured before changing anything, which saved us a week."),
        QStringLiteral("Most of the time went into waiting on the database."),
        QStringLiteral("An index on the foreign key cut the query from seconds to milliseconds."),
        QStringLiteral("Counting every row on each page load turned out to be the bottleneck."),
        QStringLiteral("The fix was smaller than the investigation."),
        QStringLiteral("Tracing showed two queries where we expected one."),
        QStringLiteral("Caching helped, but only after we got invalidation right."),
        QStringLiteral("The error messages now say which field is wrong and why."),
        QStringLiteral("Load tests at a fixed arrival rate told a different story than averages."),
        QStringLiteral("We kept the old endpoint alive for a month while clients moved."),
        QStringLiteral("Every write now goes through a single connection."),
        QStringLiteral("Readers no longer block writers since the switch to WAL."),
        QStringLiteral("The p99 latency dropped by half."),
        QStringLiteral("Nobody noticed the migration, which is the best outcome."),
        QStringLiteral("Short tokens and rotating refresh tokens made revocation simple."),
        QStringLiteral("We added a test for every bug before fixing it."),
        QStringLiteral("The dashboard finally shows what the users feel."),
        QStringLiteral("Keeping the schema boring made the code easier to read."),
        QStringLiteral("Next we want to try keyset pagination on the biggest tables."),
    };
    const int count = 3 + r.below(3);
    QStringList out;
    while (out.size() < count) {
        const QString &next = r.pick(sentences);
        if (!out.contains(next)) // a real post does not say the same sentence twice
            out.append(next);
    }
    return out.join(QLatin1Char(' '));
}

QString DemoText::comment(DemoRandom &r)
{
    static const QStringList sentences = {
        QStringLiteral("Great write-up, thanks!"),
        QStringLiteral("This matches what we saw."),
        QStringLiteral("Did you try a partial index?"),
        QStringLiteral("Which version was this on?"),
        QStringLiteral("Bookmarking this for the next incident."),
        QStringLiteral("The part about counting rows was eye-opening."),
        QStringLiteral("We hit the same problem last year."),
        QStringLiteral("Could you share the load test script?"),
        QStringLiteral("I disagree about caching, but nice post."),
        QStringLiteral("Clear and to the point."),
        QStringLiteral("More posts like this, please."),
        QStringLiteral("How did you measure the p99?"),
        QStringLiteral("Sent this to my whole team."),
        QStringLiteral("Small typo in the second paragraph."),
    };
    QString text = r.pick(sentences);
    if (r.chance(40)) {
        const QString &more = r.pick(sentences);
        if (more != text)
            text += QLatin1Char(' ') + more;
    }
    return text;
}

QString DemoText::slug(const QString &title, int id)
{
    static const QRegularExpression nonWord(QStringLiteral("[^a-z0-9]+"));
    QString s = title.toLower();
    s.replace(nonWord, QStringLiteral("-"));
    while (s.endsWith(QLatin1Char('-')))
        s.chop(1);
    return s + QLatin1Char('-') + QString::number(id);
}

QString DemoText::timestamp(qint64 minutes, int millis)
{
    static const qint64 base =
        QDateTime(QDate(2023, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    return QDateTime::fromMSecsSinceEpoch(base + minutes * 60000 + millis, Qt::UTC)
        .toString(Qt::ISODateWithMs);
}

} // namespace bb::store::internal
