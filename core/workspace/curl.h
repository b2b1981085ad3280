// cURL command lines in and out: what users paste from API docs and browser "copy as cURL".
#pragma once

#include "common/result.h"
#include "workspace/request.h"

namespace bb::workspace {

/// Parses one `curl ...` command line (shell quoting and continuations included) into a
/// collection holding one request. Flags the model cannot carry (-k, -L, -x, ...) and flags it
/// does not know become warnings naming the argument. Errors carry the offset in `position`.
bb::Result<ImportReport> importCurl(const QString &command);

/// Writes a request as a multi-line curl command (backslash continuations) that importCurl
/// reads back to the same request for bodies raw/urlencoded/multipart/file and basic, digest,
/// bearer and AWS auth. GraphQL bodies are sent as their JSON envelope; API keys become a header
/// or query parameter.
QString exportCurl(const HttpRequest &request);

} // namespace bb::workspace
