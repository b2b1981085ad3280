// libFuzzer target for the Postman collection importer: arbitrary bytes as a collection.
#include "fuzz_workspace_p.h"
#include "workspace/postman.h"

#include <cstdint>

using namespace bb::workspace;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    fuzz::checkResult(importPostman(bytes), bytes.size());
    return 0;
}
