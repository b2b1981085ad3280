// The files of a workspace folder (docs/workspace-format.md): one YAML file per request, one per
// folder or collection, one per environment. Each reader takes the bytes of one file and each
// writer returns them, so the store, the tests and the fuzzer share one definition of the format.
#pragma once

#include "common/result.h"
#include "workspace/request.h"

#include <QStringList>

namespace bb::workspace {

/// The workspace format version written into backbench-workspace.yaml; a newer one is refused.
inline constexpr int kWorkspaceFormatVersion = 1;

/// backbench-workspace.yaml, collection.yaml and folder.yaml: a name, what the container adds
/// to its requests, and the order of its children by file or folder name.
struct ContainerFile {
    int format = kWorkspaceFormatVersion; ///< backbench-workspace.yaml only
    QString name;
    QString description;
    QList<KeyValue> variables;
    RequestSettings settings; ///< collection.yaml only
    QStringList order;        ///< child slugs; children not listed follow in name order

    bool operator==(const ContainerFile &) const = default;
};

enum class ContainerKind { Workspace, Collection, Folder };

/// Errors are ErrorCode::Invalid with `position` = the byte offset and the message naming the
/// line and column (1-based), e.g. "line 4, column 3: headers must be a list".
QByteArray writeRequestFile(const HttpRequest &request);
bb::Result<HttpRequest> readRequestFile(const QByteArray &bytes);

QByteArray writeContainerFile(const ContainerFile &container, ContainerKind kind);
bb::Result<ContainerFile> readContainerFile(const QByteArray &bytes, ContainerKind kind);

/// A secret variable is written with its name and `secret: true` only: never its value.
QByteArray writeEnvironmentFile(const Environment &environment);
bb::Result<Environment> readEnvironmentFile(const QByteArray &bytes);

/// The 1-based line and column of a byte offset, for reporting a problem in a file.
std::pair<int, int> lineColumn(const QByteArray &bytes, int position);

} // namespace bb::workspace
