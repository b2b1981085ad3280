// bb::plugins::endpoints — reading collections from the formats users bring (cURL, Postman,
// OpenAPI, HAR, .http) and telling them what could not be carried over.
#pragma once

#include "common/result.h"
#include "workspace/request.h"

#include <QDialog>

class QPlainTextEdit;
class QTreeWidget;

namespace bb::plugins::endpoints {

enum class ImportFormat { Curl, Postman, OpenApi, Har, HttpFile };

/// The user-facing name of a format ("Postman collection", ...).
QString importFormatName(ImportFormat format);
/// The file dialog filter for a format.
QString importFormatFilter(ImportFormat format);
/// Parses `data` in `format`; `sourceName` names the collection when the format has no name of
/// its own (cURL, HAR, .http).
Result<workspace::ImportReport> importData(ImportFormat format, const QByteArray &data,
                                           const QString &sourceName);
/// Reads and parses a file; errors name the file (and the position when the parser gave one).
Result<workspace::ImportReport> importFile(ImportFormat format, const QString &path);

/// Asks for a pasted curl command line.
class CurlPasteDialog : public QDialog {
    Q_OBJECT
public:
    explicit CurlPasteDialog(QWidget *parent = nullptr);
    QString command() const;
    QPlainTextEdit *editor() const { return m_edit; }

private:
    QPlainTextEdit *m_edit = nullptr;
};

/// Lists an import's warnings by where they were found, so nothing is lost silently.
class ImportWarningsDialog : public QDialog {
    Q_OBJECT
public:
    ImportWarningsDialog(const QString &collectionName,
                         const QList<workspace::ImportWarning> &warnings,
                         QWidget *parent = nullptr);
    QTreeWidget *list() const { return m_list; }

private:
    QTreeWidget *m_list = nullptr;
};

} // namespace bb::plugins::endpoints
