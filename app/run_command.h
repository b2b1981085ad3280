// bb::app — `backbench run`: runs a collection from the terminal like newman, with the same
// exit codes CI expects (0 all passed, 1 something failed, 2 bad arguments or unreadable input).
#pragma once

#include "common/result.h"
#include "workspace/request.h"

#include <QStringList>

namespace bb::app {

struct RunArguments {
    QString collection;  ///< a file (Postman, OpenAPI, HAR, .http, cURL) or a workspace folder
    QString environment; ///< a Postman environment file
    QString dataFile;
    QString folder;
    int iterations = 0; ///< 0: one per data row (one without data)
    QStringList reporters{QStringLiteral("cli")};
    QString jsonExport;
    QString junitExport;
    QString exportResults;
    int delayMs = 0;
    int timeoutMs = 0;
    bool bail = false;
    QList<workspace::KeyValue> envVars; ///< --env-var NAME=VALUE, applied over the environment
    bool help = false;
    QString error; ///< empty when the arguments are valid
};

/// Parses the arguments after "run".
RunArguments parseRunArguments(const QStringList &args);

/// Loads COLLECTION: a Postman collection (v2.0/2.1), OpenAPI (JSON/YAML), HAR, a .http file or
/// a file holding a cURL command, chosen by extension and content; or a workspace folder (DIR,
/// or DIR/collection-name). Errors name the file and, for syntax errors, line:column.
bb::Result<workspace::Collection> loadRunCollection(const QString &path);

/// Reads a Postman environment file; errors as loadRunCollection's. When collectionPath is a
/// workspace and path is not a file, path names one of the workspace's environments (secret
/// values are not in the workspace files: they come back empty).
bb::Result<workspace::Environment> loadRunEnvironment(const QString &path,
                                                      const QString &collectionPath);

QString runHelpText();

/// Runs `backbench run`. `args` are the arguments after "run". Returns the exit code.
int runRun(int &argc, char **argv, const QStringList &args);

} // namespace bb::app
