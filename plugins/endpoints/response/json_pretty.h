// bb::plugins::endpoints — a streaming JSON pretty-printer that validates as it goes, records the
// bracket pairs for folding, and writes big outputs to a temporary file instead of memory.
#pragma once

#include "body_source.h"

#include <atomic>
#include <functional>
#include <vector>

namespace bb::plugins::endpoints {

/// An object or array spanning several lines of the pretty output (0-based lines): folding it
/// hides the lines after openLine up to and including closeLine.
struct FoldRange {
    qint32 openLine = 0;
    qint32 closeLine = 0;
};

struct PrettyResult {
    BodySourcePtr output;         ///< null on error or cancel
    std::vector<FoldRange> folds; ///< sorted by openLine
    bool cancelled = false;
    QString error;           ///< why the input is not JSON
    qint64 errorOffset = -1; ///< byte offset of the error in the input
    qint64 errorLine = -1;   ///< 1-based, in the input
    qint64 errorColumn = -1; ///< 1-based byte column, in the input
    bool ok() const { return output != nullptr; }
};

/// Pretty-prints `input` (two-space indent). Outputs up to `inMemoryLimit` bytes of input stay
/// in memory, bigger ones go to a temporary file that lives as long as the returned source.
/// Runs on any thread; `cancel` is polled and `progress(inputBytesDone)` called every few MB.
PrettyResult prettyPrintJson(const BodySource &input, const std::atomic_bool &cancel,
                             const std::function<void(qint64)> &progress = {},
                             qint64 inMemoryLimit = 8 * 1024 * 1024);

} // namespace bb::plugins::endpoints
