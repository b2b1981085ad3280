// bb::plugins::database — the item roles the grid's delegate reads beyond dbx::TableModel's own.
#pragma once

#include "dbx/table_model.h"

namespace bb::plugins::database {

/// A staged change on a row, as the edit layer reports it through StagedStateRole.
enum class StagedState { None = 0, Inserted, Updated, Deleted };

enum GridRole {
    StagedStateRole = dbx::TableModel::LoadedRole + 16, ///< int StagedState of the cell's row/cell
    RowErrorRole,                                       ///< QString: why applying this row failed
};

} // namespace bb::plugins::database
