// libFuzzer target for the workspace file readers: arbitrary bytes as a request, container and
// environment file. Whatever they accept must write back to a file that reads as the same value
// (so a save never changes what the user had), and an error must point inside the input. The
// fast reader for the writer's own YAML must agree with yaml-cpp on everything it accepts.
#include "workspace/workspace_file.h"
#include "workspace/yaml_tree_p.h"

#include <cstdint>
#include <cstdlib>

using namespace bb::workspace;

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

template<typename T> void checkError(const bb::Result<T> &r, qsizetype size)
{
    if (r)
        return;
    check(!r.error().message.isEmpty());
    check(r.error().position >= 0 && r.error().position <= size);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));

    if (const auto fast = detail::parseCanonicalYaml(bytes)) {
        const auto slow = detail::parseYamlTree(bytes);
        check(slow.ok() && fast->sameAs(*slow));
    }

    const auto request = readRequestFile(bytes);
    checkError(request, bytes.size());
    if (request) {
        const auto again = readRequestFile(writeRequestFile(*request));
        check(again.ok() && *again == *request);
    }

    for (ContainerKind kind :
         {ContainerKind::Workspace, ContainerKind::Collection, ContainerKind::Folder}) {
        const auto container = readContainerFile(bytes, kind);
        checkError(container, bytes.size());
        if (container) {
            const auto again = readContainerFile(writeContainerFile(*container, kind), kind);
            check(again.ok());
            ContainerFile expected = *container;
            // Settings are written for collections only; the other kinds drop them.
            if (kind != ContainerKind::Collection)
                expected.settings = again->settings;
            check(*again == expected);
        }
    }

    const auto env = readEnvironmentFile(bytes);
    checkError(env, bytes.size());
    if (env) {
        const QByteArray file = writeEnvironmentFile(*env);
        const auto again = readEnvironmentFile(file);
        check(again.ok() && *again == *env);
        for (const Variable &v : env->variables)
            check(!v.secret || v.value.isEmpty());
    }
    return 0;
}
