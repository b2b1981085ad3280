// libFuzzer target for the OpenAPI importer: arbitrary bytes as JSON or YAML (the first byte
// decides, so both readers and the $ref / example walkers get exercised).
#include "fuzz_workspace_p.h"
#include "workspace/openapi.h"

#include <cstdint>

using namespace bb::workspace;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    fuzz::checkResult(importOpenApi(bytes), bytes.size());
    return 0;
}
