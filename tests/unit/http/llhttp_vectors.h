// Test helper: reads llhttp's markdown test vectors and turns each ```http block into the
// exact bytes llhttp's own runner (test/md-test.ts) feeds its parser.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace bb::http::test {

struct LlhttpCase {
    QString file;  ///< e.g. "invalid.md"
    int line = 0;  ///< line of the ```http fence, for messages
    QString title; ///< nearest heading above the case
    QString type;  ///< meta "type": "request", "request-lenient-headers", ...
    bool skipBody = false;
    QByteArray bytes;
    QString log;
    bool expectError = false; ///< the log has `error code=`
    int messagesComplete = 0; ///< `message complete` lines in the log
};

/// The conversion llhttp's runner applies to a block: drop the final newline, delete
/// backslash-newline, newline → CRLF, expand ${'x'.repeat(n)}, then \r \n \t \f \xHH \NNN.
/// Returns false (and says why) for an expression it does not know.
bool convertLlhttpBlock(const QByteArray &block, QByteArray *out, QString *error);

/// Every case of every *.md file in `dir`, in file order.
QList<LlhttpCase> loadLlhttpCases(const QString &dir, QString *error);

} // namespace bb::http::test
