// libFuzzer target for the HAR importer: arbitrary bytes as a HAR document.
#include "fuzz_workspace_p.h"
#include "workspace/har.h"

#include <cstdint>

using namespace bb::workspace;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    fuzz::checkResult(importHar(bytes), bytes.size());
    return 0;
}
