#include "tester_link.h"

#include "shell/shell_context.h"

#include <QCoreApplication>

namespace bb::plugins::access {

QString testerUnavailableReason(const shell::ShellContext *context)
{
    if (!context || !context->hasAction(kTesterAction))
        return QCoreApplication::translate("bb::plugins::access",
                                           "The endpoint tester is not available yet");
    return {};
}

QUrl joinUrl(const QUrl &base, const QString &path)
{
    QUrl url = base;
    QString prefix = base.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    url.setPath(prefix + path);
    return url;
}

bool openInTester(shell::ShellContext *context, const QString &method, const QUrl &url,
                  const QString &token, const QVariantMap &extra, QString *why)
{
    const QString reason = testerUnavailableReason(context);
    if (!reason.isEmpty()) {
        if (why)
            *why = reason;
        return false;
    }
    QVariantMap headers;
    if (!token.isEmpty())
        headers.insert(QStringLiteral("Authorization"), QStringLiteral("Bearer ") + token);
    QVariantMap args = extra;
    args.insert(QStringLiteral("method"), method);
    args.insert(QStringLiteral("url"), url.toString());
    args.insert(QStringLiteral("headers"), headers);
    return context->invoke(kTesterAction, args, why);
}

} // namespace bb::plugins::access
