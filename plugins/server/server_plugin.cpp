#include "server_plugin.h"

#include "engine/engine_controller.h"
#include "requests_view.h"
#include "server_widget.h"
#include "shell/shell_context.h"
#include "shell/theme.h"

#include <QCoreApplication>
#include <QLabel>

namespace bb::plugins::server {

namespace {
const QStringList kActions{QStringLiteral("server.start"), QStringLiteral("server.stop"),
                           QStringLiteral("server.restart")};
}

QString ServerPanel::title() const
{
    return QCoreApplication::translate("bb::plugins::server", "Server");
}

QIcon ServerPanel::icon() const
{
    return shell::themedIcon(QStringLiteral(":/backbench/icons/server.svg"));
}

QWidget *ServerPanel::createWidget(shell::ShellContext &context)
{
    auto *widget = new ServerWidget(context.engine());
    // A recent request can be replayed in the endpoint tester when a plugin provides it; the
    // table lists the embedded engine's requests, so the URL is that engine's.
    engine::EngineController *engine = context.engine();
    shell::ShellContext *ctx = &context;
    widget->requestsView()->setOpenInTester(
        [ctx, engine](const QString &method, const QString &path) {
            QUrl url = engine ? engine->baseUrl() : ctx->target().baseUrl;
            const qsizetype q = path.indexOf(QLatin1Char('?'));
            url.setPath(q < 0 ? path : path.left(q));
            if (q >= 0)
                url.setQuery(path.mid(q + 1));
            QVariantMap headers;
            const QString token = ctx->accessToken();
            if (!token.isEmpty())
                headers.insert(QStringLiteral("Authorization"), QStringLiteral("Bearer ") + token);
            ctx->invoke(QStringLiteral("openInTester"), {{QStringLiteral("method"), method},
                                                         {QStringLiteral("url"), url.toString()},
                                                         {QStringLiteral("headers"), headers}});
        },
        [ctx] { return ctx->hasAction(QStringLiteral("openInTester")); });
    return widget;
}

bool ServerPlugin::initialize(shell::ShellContext &context, QString *)
{
    m_context = &context;
    // Other panels (lessons, the load tester) drive the engine through these, never directly.
    if (auto *engine = context.engine()) {
        context.registerAction(kActions[0], [engine](const QVariantMap &) { engine->start(); });
        context.registerAction(kActions[1], [engine](const QVariantMap &) { engine->stop(); });
        context.registerAction(kActions[2], [engine](const QVariantMap &) { engine->restart(); });
    }
    return true;
}

void ServerPlugin::aboutToShutdown()
{
    if (m_context) {
        for (const QString &name : kActions)
            m_context->unregisterAction(name);
    }
}

QList<shell::IPanel *> ServerPlugin::panels() const
{
    return {&m_panel};
}

} // namespace bb::plugins::server
