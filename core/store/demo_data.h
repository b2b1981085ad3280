// bb::store — the demo tables (authors, posts, comments, tags, post_tags) with realistic rows.
#pragma once

#include "common/result.h"
#include "store/database.h"

namespace bb::store {

/// Row counts of the seeded tables, for tests and the first-run message.
inline constexpr int kDemoAuthors = 50;
inline constexpr int kDemoPosts = 2000;
inline constexpr int kDemoComments = 10000;
inline constexpr int kDemoTags = 30;
inline constexpr int kDemoPostTags = 5000;

/// Applies the system migrations, then creates and fills the demo tables in one transaction
/// and reloads the schema. Returns false (and changes nothing) when they already exist.
/// The rows are the same on every run and on both dialects.
Result<bool> seedDemoData(Database &db);

} // namespace bb::store
