// The newman-like terminal reporter.
#include "tester/reporters.h"

#include <QStringList>

namespace bb::tester {

namespace {

QString sizeText(qint64 bytes)
{
    if (bytes < 1000)
        return QStringLiteral("%1B").arg(bytes);
    return QStringLiteral("%1kB").arg(double(bytes) / 1000.0, 0, 'f', 1);
}

QString durationText(qint64 ms)
{
    if (ms < 1000)
        return QStringLiteral("%1ms").arg(ms);
    if (ms < 60000)
        return QStringLiteral("%1s").arg(double(ms) / 1000.0, 0, 'f', 1);
    return QStringLiteral("%1m %2s").arg(ms / 60000).arg((ms % 60000) / 1000);
}

QString indentMessage(const QString &message, int indent)
{
    QStringList lines = message.split(u'\n');
    const QString pad(indent, u' ');
    for (qsizetype i = 1; i < lines.size(); ++i)
        lines[i] = pad + lines[i];
    return lines.join(u'\n');
}

} // namespace

QString cliIterationHeader(int iteration, int iterationCount)
{
    return QStringLiteral("\nIteration %1/%2\n").arg(iteration + 1).arg(iterationCount);
}

QString cliRequestLines(const RequestRun &run, int &failureNumber, const CliStyle &style)
{
    const QString arrow = style.unicode ? QStringLiteral("→") : QStringLiteral("->");
    const QString tick = style.unicode ? QStringLiteral("✓") : QStringLiteral("ok");
    QString out = QStringLiteral("\n%1 %2\n").arg(arrow, run.path.isEmpty() ? run.name : run.path);
    if (run.preRequestError.isSet())
        out += QStringLiteral("  %1. prerequest-script error\n").arg(failureNumber++);
    if (run.skipped)
        out += QStringLiteral("  (skipped by its pre-request script)\n");
    if (!run.method.isEmpty()) {
        out += QStringLiteral("  %1 %2 ").arg(run.method, run.url);
        if (!run.error.isEmpty())
            out += QStringLiteral("[errored]\n     %1. %2\n").arg(failureNumber++).arg(run.error);
        else
            out += QStringLiteral("[%1%2, %3, %4]\n")
                       .arg(run.status)
                       .arg(run.statusText.isEmpty() ? QString() : u' ' + run.statusText)
                       .arg(sizeText(run.responseBytes), durationText(run.timeMs));
    } else if (!run.error.isEmpty()) {
        out += QStringLiteral("  %1. %2\n").arg(failureNumber++).arg(run.error);
    }
    for (const TestRun &t : run.tests) {
        if (t.skipped)
            out += QStringLiteral("  -  %1 (skipped)\n").arg(t.name);
        else if (t.passed)
            out += QStringLiteral("  %1  %2\n").arg(tick, t.name);
        else
            out += QStringLiteral("  %1. %2\n").arg(failureNumber++).arg(t.name);
    }
    if (run.testError.isSet())
        out += QStringLiteral("  %1. test-script error\n").arg(failureNumber++);
    return out;
}

QString cliSummary(const RunSummary &s, const CliStyle &style)
{
    struct Row {
        const char *label;
        RunCount count;
    };
    const Row rows[] = {
        {"iterations", s.iterations},    {"requests", s.requests},
        {"test-scripts", s.testScripts}, {"prerequest-scripts", s.prerequestScripts},
        {"assertions", s.assertions},
    };
    const int w0 = 25, w1 = 10, w2 = 10;
    // Box drawing: left, middle, right junctions and the horizontal line, per border row.
    const bool u = style.unicode;
    auto border = [&](const char *l, const char *m, const char *r) {
        const QString h = u ? QStringLiteral("─") : QStringLiteral("-");
        return QString::fromUtf8(u ? l : "+") + h.repeated(w0) + QString::fromUtf8(u ? m : "+") +
               h.repeated(w1) + QString::fromUtf8(u ? m : "+") + h.repeated(w2) +
               QString::fromUtf8(u ? r : "+") + u'\n';
    };
    const QString bar = u ? QStringLiteral("│") : QStringLiteral("|");
    auto line = [&](const QString &a, const QString &b, const QString &c) {
        return bar + a.rightJustified(w0 - 1) + u' ' + bar + b.rightJustified(w1 - 1) + u' ' + bar +
               c.rightJustified(w2 - 1) + u' ' + bar + u'\n';
    };

    QString out = u'\n' + border("┌", "┬", "┐");
    out += line({}, QStringLiteral("executed"), QStringLiteral("failed"));
    out += border("├", "┼", "┤");
    for (const Row &r : rows)
        out += line(QString::fromLatin1(r.label), QString::number(r.count.total),
                    QString::number(r.count.failed));
    out += border("├", "┼", "┤");
    const qint64 duration =
        s.started.isValid() && s.finished.isValid() ? s.started.msecsTo(s.finished) : 0;
    const qint64 average = s.requests.total ? s.totalResponseMs / s.requests.total : 0;
    out += bar + QStringLiteral(" total run duration: ") + durationText(duration) + u'\n';
    out += bar + QStringLiteral(" total data received: ") + sizeText([&] {
               qint64 n = 0;
               for (const RequestRun &r : s.executions)
                   n += r.responseBytes;
               return n;
           }()) +
           u'\n';
    out += bar + QStringLiteral(" average response time: %1").arg(durationText(average)) + u'\n';
    out += border("└", "┴", "┘");
    if (s.cancelled)
        out += QStringLiteral("\nThe run was stopped before it finished.\n");
    if (s.bailed)
        out += QStringLiteral("\nThe run stopped at the first failure (--bail).\n");
    if (!s.failures.isEmpty()) {
        out += QStringLiteral("\n  #  failure               detail\n");
        int n = 1;
        for (const RunFailure &f : s.failures) {
            const QString number = QStringLiteral("%1.").arg(n++).rightJustified(4);
            const QString kind = failureKindName(f.kind).leftJustified(22);
            const QString pad(28, u' ');
            out += QStringLiteral("\n%1  %2%3\n")
                       .arg(number, kind, f.test.isEmpty() ? f.requestName : f.test);
            out += pad + indentMessage(f.message, 28) + u'\n';
            if (f.line > 0)
                out += pad + QStringLiteral("at line %1 of the %2\n")
                                 .arg(f.line)
                                 .arg(f.kind == RunFailure::Kind::PreRequestScript
                                          ? QStringLiteral("pre-request script")
                                          : QStringLiteral("test script"));
            out += pad + QStringLiteral("inside \"%1\", iteration %2\n")
                             .arg(f.requestName)
                             .arg(f.iteration + 1);
        }
    }
    return out;
}

} // namespace bb::tester
