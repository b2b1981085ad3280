// libFuzzer target for the .http file importer; an accepted file is exported and must be
// accepted again with the same number of requests.
#include "fuzz_workspace_p.h"
#include "workspace/http_file.h"

#include <cstdint>

using namespace bb::workspace;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto r = importHttpFile(text);
    fuzz::checkResult(r, text.size());
    if (r) {
        const auto again = importHttpFile(exportHttpFile(r->collection));
        fuzz::check(again.ok());
        fuzz::check(again->collection.root.requestCount() == r->collection.root.requestCount());
    }
    return 0;
}
