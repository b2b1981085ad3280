// .http / .rest files (VS Code REST Client, JetBrains HTTP Client): requests kept as plain text
// next to the code they exercise.
#pragma once

#include "common/result.h"
#include "workspace/request.h"

namespace bb::workspace {

/// Reads the common core of both dialects: `###` separators (the rest of the line names the
/// request), `# @name x` / `// @name x`, `@var = value` file variables, `#`/`//` comments, the
/// request line (`[METHOD] URL [HTTP/version]`, with `?`/`&` continuation lines), headers, and
/// the body up to the next separator (`< path` reads a file). JetBrains `< {% %}` pre-request and
/// `> {% %}` response-handler scripts become the request's scripts. Other directives are
/// warnings; a request line or header that cannot be read is an error at its offset.
bb::Result<ImportReport> importHttpFile(const QString &text);

/// Writes a collection as one .http file; folders are flattened in order, their requests named
/// "folder/name". Disabled headers, query params and fields are left out.
QString exportHttpFile(const Collection &collection);

} // namespace bb::workspace
