// The file reporters: our JSON report and JUnit XML.
#include "tester/reporters.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QXmlStreamWriter>

namespace bb::tester {

namespace {

QJsonObject countJson(const RunCount &c)
{
    return {{QStringLiteral("total"), c.total}, {QStringLiteral("failed"), c.failed}};
}

QJsonValue scriptFailureJson(const ScriptFailure &f)
{
    if (!f.isSet())
        return QJsonValue::Null;
    return QJsonObject{{QStringLiteral("message"), f.message}, {QStringLiteral("line"), f.line}};
}

QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

} // namespace

QByteArray toJsonReport(const RunSummary &s)
{
    QJsonArray executions;
    for (const RequestRun &r : s.executions) {
        QJsonArray tests;
        for (const TestRun &t : r.tests)
            tests.append(QJsonObject{{QStringLiteral("name"), t.name},
                                     {QStringLiteral("passed"), t.passed},
                                     {QStringLiteral("skipped"), t.skipped},
                                     {QStringLiteral("error"), t.error}});
        executions.append(QJsonObject{
            {QStringLiteral("iteration"), r.iteration},
            {QStringLiteral("position"), r.position},
            {QStringLiteral("path"), r.path},
            {QStringLiteral("name"), r.name},
            {QStringLiteral("method"), r.method},
            {QStringLiteral("url"), r.url},
            {QStringLiteral("status"), r.status},
            {QStringLiteral("statusText"), r.statusText},
            {QStringLiteral("responseBytes"), r.responseBytes},
            {QStringLiteral("timeMs"), r.timeMs},
            {QStringLiteral("skipped"), r.skipped},
            {QStringLiteral("error"), r.error.isEmpty() ? QJsonValue::Null : QJsonValue(r.error)},
            {QStringLiteral("preRequestError"), scriptFailureJson(r.preRequestError)},
            {QStringLiteral("testError"), scriptFailureJson(r.testError)},
            {QStringLiteral("tests"), tests},
            {QStringLiteral("console"), QJsonArray::fromStringList(r.console)},
        });
    }
    QJsonArray failures;
    for (const RunFailure &f : s.failures)
        failures.append(QJsonObject{
            {QStringLiteral("kind"), failureKindName(f.kind)},
            {QStringLiteral("iteration"), f.iteration},
            {QStringLiteral("request"), f.requestName},
            {QStringLiteral("test"), f.test},
            {QStringLiteral("message"), f.message},
            {QStringLiteral("line"), f.line},
        });
    const QJsonObject root{
        {QStringLiteral("run"),
         QJsonObject{
             {QStringLiteral("collection"), s.collectionName},
             {QStringLiteral("environment"), s.environmentName},
             {QStringLiteral("started"), iso(s.started)},
             {QStringLiteral("finished"), iso(s.finished)},
             {QStringLiteral("cancelled"), s.cancelled},
             {QStringLiteral("bailed"), s.bailed},
             {QStringLiteral("passed"), s.passed()},
             {QStringLiteral("error"), s.error.isEmpty() ? QJsonValue::Null : QJsonValue(s.error)},
         }},
        {QStringLiteral("stats"),
         QJsonObject{
             {QStringLiteral("iterations"), countJson(s.iterations)},
             {QStringLiteral("requests"), countJson(s.requests)},
             {QStringLiteral("testScripts"), countJson(s.testScripts)},
             {QStringLiteral("prerequestScripts"), countJson(s.prerequestScripts)},
             {QStringLiteral("assertions"), countJson(s.assertions)},
         }},
        {QStringLiteral("timings"),
         QJsonObject{
             {QStringLiteral("totalResponseMs"), s.totalResponseMs},
             {QStringLiteral("averageResponseMs"),
              s.requests.total ? s.totalResponseMs / s.requests.total : 0},
         }},
        {QStringLiteral("failures"), failures},
        {QStringLiteral("executions"), executions},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QByteArray toJUnit(const RunSummary &s)
{
    QByteArray out;
    QXmlStreamWriter xml(&out);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    int tests = 0, failures = 0, errors = 0;
    for (const RequestRun &r : s.executions) {
        tests += int(r.tests.size());
        failures += r.failedTests();
        errors += (r.error.isEmpty() ? 0 : 1) + (r.testError.isSet() ? 1 : 0) +
                  (r.preRequestError.isSet() ? 1 : 0);
    }
    const auto seconds = [](qint64 ms) { return QString::number(double(ms) / 1000.0, 'f', 3); };
    xml.writeStartElement(QStringLiteral("testsuites"));
    xml.writeAttribute(QStringLiteral("name"), s.collectionName);
    xml.writeAttribute(QStringLiteral("tests"), QString::number(tests));
    xml.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    xml.writeAttribute(QStringLiteral("errors"), QString::number(errors));
    xml.writeAttribute(QStringLiteral("time"),
                       seconds(s.started.isValid() ? s.started.msecsTo(s.finished) : 0));
    const bool severalIterations = s.iterations.total > 1;
    int id = 0;
    for (const RequestRun &r : s.executions) {
        const QString suite =
            severalIterations ? QStringLiteral("%1 (iteration %2)").arg(r.path).arg(r.iteration + 1)
                              : r.path;
        const int suiteErrors = (r.error.isEmpty() ? 0 : 1) + (r.testError.isSet() ? 1 : 0) +
                                (r.preRequestError.isSet() ? 1 : 0);
        xml.writeStartElement(QStringLiteral("testsuite"));
        xml.writeAttribute(QStringLiteral("name"), suite);
        xml.writeAttribute(QStringLiteral("id"), QString::number(id++));
        xml.writeAttribute(QStringLiteral("timestamp"), iso(s.started));
        xml.writeAttribute(QStringLiteral("tests"), QString::number(r.tests.size()));
        xml.writeAttribute(QStringLiteral("failures"), QString::number(r.failedTests()));
        xml.writeAttribute(QStringLiteral("errors"), QString::number(suiteErrors));
        xml.writeAttribute(QStringLiteral("time"), seconds(r.timeMs));
        auto error = [&](const QString &type, const QString &message) {
            xml.writeStartElement(QStringLiteral("error"));
            xml.writeAttribute(QStringLiteral("type"), type);
            xml.writeAttribute(QStringLiteral("message"), message);
            xml.writeCharacters(message);
            xml.writeEndElement();
        };
        if (!r.error.isEmpty())
            error(QStringLiteral("RequestError"), r.error);
        if (r.preRequestError.isSet())
            error(QStringLiteral("PrerequestScriptError"), r.preRequestError.message);
        if (r.testError.isSet())
            error(QStringLiteral("TestScriptError"), r.testError.message);
        for (const TestRun &t : r.tests) {
            xml.writeStartElement(QStringLiteral("testcase"));
            xml.writeAttribute(QStringLiteral("name"), t.name);
            xml.writeAttribute(QStringLiteral("time"), seconds(r.timeMs));
            xml.writeAttribute(QStringLiteral("classname"),
                               QString(s.collectionName).replace(u' ', u'_'));
            if (t.skipped)
                xml.writeEmptyElement(QStringLiteral("skipped"));
            if (!t.passed) {
                xml.writeStartElement(QStringLiteral("failure"));
                xml.writeAttribute(QStringLiteral("type"), QStringLiteral("AssertionFailure"));
                xml.writeAttribute(QStringLiteral("message"), t.error);
                xml.writeCDATA(t.error); // QXmlStreamWriter splits a "]]>" inside
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndDocument();
    return out;
}

bb::Result<void> writeReportFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error::io(
            QStringLiteral("%1: %2").arg(QFileInfo(path).fileName(), file.errorString()));
    return {};
}

} // namespace bb::tester
