// OpenAPI 3.0 / 3.1 import (JSON or YAML): one request per operation, so an API's published
// description becomes a ready-to-send collection.
#pragma once

#include "common/result.h"
#include "workspace/request.h"

namespace bb::workspace {

/// Operations under `paths` become requests, grouped into one folder per operation's first tag
/// (untagged ones stay at the top). The first server URL becomes the `baseUrl` variable (its
/// `{vars}` become `{{vars}}` with their defaults as variables); path parameters stay in the URL
/// as `{{name}}`. Bodies come from `example`, then `examples`, then an instance built from the
/// schema. Callbacks, webhooks, cookie parameters and unsupported security schemes are warnings.
/// Input starting with `{` is read as JSON, anything else as YAML.
bb::Result<ImportReport> importOpenApi(const QByteArray &document);

} // namespace bb::workspace
