#include "import_export.h"

#include "workspace/curl.h"
#include "workspace/har.h"
#include "workspace/http_file.h"
#include "workspace/openapi.h"
#include "workspace/postman.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace bb::plugins::endpoints {

QString importFormatName(ImportFormat format)
{
    switch (format) {
    case ImportFormat::Curl:
        return QObject::tr("cURL command");
    case ImportFormat::Postman:
        return QObject::tr("Postman collection");
    case ImportFormat::OpenApi:
        return QObject::tr("OpenAPI description");
    case ImportFormat::Har:
        return QObject::tr("HAR archive");
    case ImportFormat::HttpFile:
        return QObject::tr(".http file");
    }
    return {};
}

QString importFormatFilter(ImportFormat format)
{
    switch (format) {
    case ImportFormat::Curl:
        return QObject::tr("Shell scripts (*.sh *.txt);;All files (*)");
    case ImportFormat::Postman:
        return QObject::tr("Postman collections (*.json);;All files (*)");
    case ImportFormat::OpenApi:
        return QObject::tr("OpenAPI (*.yaml *.yml *.json);;All files (*)");
    case ImportFormat::Har:
        return QObject::tr("HTTP archives (*.har *.json);;All files (*)");
    case ImportFormat::HttpFile:
        return QObject::tr("HTTP files (*.http *.rest);;All files (*)");
    }
    return {};
}

Result<workspace::ImportReport> importData(ImportFormat format, const QByteArray &data,
                                           const QString &sourceName)
{
    Result<workspace::ImportReport> report = Error::internal(QStringLiteral("unknown format"));
    switch (format) {
    case ImportFormat::Curl:
        report = workspace::importCurl(QString::fromUtf8(data));
        break;
    case ImportFormat::Postman:
        report = workspace::importPostman(data);
        break;
    case ImportFormat::OpenApi:
        report = workspace::importOpenApi(data);
        break;
    case ImportFormat::Har:
        report = workspace::importHar(data);
        break;
    case ImportFormat::HttpFile:
        report = workspace::importHttpFile(QString::fromUtf8(data));
        break;
    }
    if (report && report->collection.name.isEmpty())
        report->collection.name = sourceName.isEmpty() ? importFormatName(format) : sourceName;
    return report;
}

Result<workspace::ImportReport> importFile(ImportFormat format, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::io(QObject::tr("%1: %2").arg(path, file.errorString()));
    auto report = importData(format, file.readAll(), QFileInfo(path).completeBaseName());
    if (!report) {
        Error e = report.error();
        e.message = e.position >= 0
                        ? QObject::tr("%1 (offset %2): %3").arg(path).arg(e.position).arg(e.message)
                        : QObject::tr("%1: %2").arg(path, e.message);
        return e;
    }
    return report;
}

CurlPasteDialog::CurlPasteDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Import a cURL command"));
    auto *label = new QLabel(tr("Paste a curl command line (e.g. from API docs or the browser's "
                                "“Copy as cURL”):"),
                             this);
    label->setWordWrap(true);
    m_edit = new QPlainTextEdit(this);
    m_edit->setObjectName(QStringLiteral("curlCommand"));
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_edit->setPlaceholderText(
        QStringLiteral("curl -X POST https://api.example.com/items \\\n  -H 'Content-Type: "
                       "application/json' \\\n  -d '{\"name\":\"x\"}'"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addWidget(m_edit, 1);
    layout->addWidget(buttons);
    resize(640, 300);
}

QString CurlPasteDialog::command() const
{
    return m_edit->toPlainText();
}

ImportWarningsDialog::ImportWarningsDialog(const QString &collectionName,
                                           const QList<workspace::ImportWarning> &warnings,
                                           QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Imported with warnings"));
    auto *label = new QLabel(tr("“%1” was imported. %n thing(s) in the source could not be "
                                "carried over:",
                                nullptr, int(warnings.size()))
                                 .arg(collectionName),
                             this);
    label->setWordWrap(true);
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("importWarnings"));
    m_list->setHeaderLabels({tr("Where"), tr("What")});
    m_list->setRootIsDecorated(false);
    m_list->header()->setStretchLastSection(true);
    for (const workspace::ImportWarning &w : warnings)
        new QTreeWidgetItem(m_list, {w.where, w.what});
    m_list->resizeColumnToContents(0);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::accept);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    resize(640, 360);
}

} // namespace bb::plugins::endpoints
