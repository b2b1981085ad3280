// libFuzzer target for the cURL importer: arbitrary text as a command line. An accepted command
// holds exactly one request, and exporting it must give a command the importer accepts again.
#include "fuzz_workspace_p.h"
#include "workspace/curl.h"

#include <cstdint>

using namespace bb::workspace;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto r = importCurl(text);
    fuzz::checkResult(r, text.size());
    if (r) {
        fuzz::check(r->collection.root.requestCount() == 1);
        fuzz::check(importCurl(exportCurl(r->collection.root.requests.first())).ok());
    }
    return 0;
}
