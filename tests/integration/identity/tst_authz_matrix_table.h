// The authorization matrix's expectations: the status every kind of caller gets on every
// route, written from the contract (docs/engine-api.md "Identity" and "Permissions"), not derived
// from the engine's policy code. tst_authz_matrix.cpp walks engine.routes() against them.
#pragma once

namespace authz_matrix {

/// Which column of the expectation tables a caller reads.
enum Column { NoCreds, Viewer, Editor, Own, Admin };

/// Resource routes, applied to every table engine.routes() lists. The `:own` caller's status
/// depends on the table: this suite's `owner` role grants posts, comments and tags only with
/// `:own`; posts and comments have owner_id, tags has none, authors and post_tags are not
/// granted at all. 0 = the target does not exist for that kind of table.
struct ResourceRow {
    const char *method;
    bool one;           ///< /{table}/{id}
    const char *target; ///< "" (collection), "other" (someone else's row), "own", "missing"
    int noCreds, viewer, editor, admin;
    int ownOwned;   ///< :own granted, table has owner_id
    int ownNoOwner; ///< :own granted, no owner_id: "cannot be granted through :own" → 403
    int ownNone;    ///< nothing granted
};

// clang-format off
const ResourceRow kResourceRows[] = {
    // method   one    target     noCreds viewer editor admin   own: owned noOwnerCol none
    {"GET",    false, "",        401,    200,   200,   200,        200,  403,       403},
    {"POST",   false, "",        401,    403,   201,   201,        201,  403,       403},
    {"GET",    true,  "other",   401,    200,   200,   200,        404,  403,       403},
    {"GET",    true,  "own",     401,    200,   200,   200,        200,  0,         0},
    {"GET",    true,  "missing", 401,    404,   404,   404,        404,  403,       403},
    {"PUT",    true,  "other",   401,    403,   200,   200,        404,  403,       403},
    {"PUT",    true,  "own",     401,    403,   200,   200,        200,  0,         0},
    {"PUT",    true,  "missing", 401,    403,   404,   404,        404,  403,       403},
    {"PATCH",  true,  "other",   401,    403,   200,   200,        404,  403,       403},
    {"PATCH",  true,  "own",     401,    403,   200,   200,        200,  0,         0},
    {"PATCH",  true,  "missing", 401,    403,   404,   404,        404,  403,       403},
    {"DELETE", true,  "other",   401,    403,   403,   204,        404,  403,       403},
    {"DELETE", true,  "own",     401,    403,   403,   204,        204,  0,         0},
    {"DELETE", true,  "missing", 401,    403,   403,   404,        404,  403,       403},
};

/// Every other route, by its pattern.
struct RouteRow {
    const char *method;
    const char *pattern;
    int noCreds, viewer, editor, own, admin;
};

const RouteRow kRouteRows[] = {
    // Public: anyone, and a refused token in a client's default headers does not break them.
    {"GET",    "/healthz",                                     200, 200, 200, 200, 200},
    {"GET",    "/readyz",                                      200, 200, 200, 200, 200},
    {"GET",    "/metrics",                                     200, 200, 200, 200, 200},
    {"GET",    "/api/openapi.json",                            200, 200, 200, 200, 200},
    {"GET",    "/api/v1",                                      200, 200, 200, 200, 200},
    {"POST",   "/api/v1/auth/register",                        403, 403, 403, 403, 403}, // off
    {"POST",   "/api/v1/auth/login",                           200, 200, 200, 200, 200},
    {"POST",   "/api/v1/auth/refresh",                         200, 200, 200, 200, 200},
    {"POST",   "/api/v1/auth/logout",                          204, 204, 204, 204, 204},
    // Any valid credentials.
    {"GET",    "/api/v1/auth/me",                              401, 200, 200, 200, 200},
    // admin:schema
    {"GET",    "/api/admin/schema",                            401, 403, 403, 403, 200},
    {"POST",   "/api/admin/schema/reload",                     401, 403, 403, 403, 200},
    // admin:logs
    {"GET",    "/api/admin/traces",                            401, 403, 403, 403, 200},
    {"GET",    "/api/admin/traces/{traceId}",                  401, 403, 403, 403, 200},
    {"GET",    "/api/admin/logs",                              401, 403, 403, 403, 200},
    {"GET",    "/api/admin/logs/stream",                       401, 403, 403, 403, 200},
    {"GET",    "/api/admin/audit",                             401, 403, 403, 403, 200},
    // admin:users
    {"GET",    "/api/admin/users",                             401, 403, 403, 403, 200},
    {"POST",   "/api/admin/users",                             401, 403, 403, 403, 201},
    {"GET",    "/api/admin/users/{id}",                        401, 403, 403, 403, 200},
    {"PATCH",  "/api/admin/users/{id}",                        401, 403, 403, 403, 200},
    {"DELETE", "/api/admin/users/{id}",                        401, 403, 403, 403, 204},
    {"PUT",    "/api/admin/users/{id}/roles",                  401, 403, 403, 403, 200},
    {"POST",   "/api/admin/users/{id}/unlock",                 401, 403, 403, 403, 204},
    {"POST",   "/api/admin/users/{id}/reset-password",         401, 403, 403, 403, 200},
    {"GET",    "/api/admin/users/{id}/sessions",               401, 403, 403, 403, 200},
    {"DELETE", "/api/admin/users/{id}/sessions",               401, 403, 403, 403, 204},
    {"DELETE", "/api/admin/users/{id}/sessions/{sessionId}",   401, 403, 403, 403, 204},
    {"GET",    "/api/admin/users/{id}/api-keys",               401, 403, 403, 403, 200},
    {"POST",   "/api/admin/users/{id}/api-keys",               401, 403, 403, 403, 201},
    {"DELETE", "/api/admin/users/{id}/api-keys/{keyId}",       401, 403, 403, 403, 204},
    {"POST",   "/api/admin/users/{id}/impersonate",            401, 403, 403, 403, 200},
    // admin:roles
    {"GET",    "/api/admin/roles",                             401, 403, 403, 403, 200},
    {"POST",   "/api/admin/roles",                             401, 403, 403, 403, 201},
    {"GET",    "/api/admin/roles/{id}",                        401, 403, 403, 403, 200},
    {"PATCH",  "/api/admin/roles/{id}",                        401, 403, 403, 403, 200},
    {"DELETE", "/api/admin/roles/{id}",                        401, 403, 403, 403, 204},
    {"PUT",    "/api/admin/roles/{id}/permissions",            401, 403, 403, 403, 200},
    {"GET",    "/api/admin/permissions",                       401, 403, 403, 403, 200},
    {"GET",    "/api/admin/authorize",                         401, 403, 403, 403, 200},
};

/// Every admin route with {id}, aimed at a user or role that does not exist: a denial says
/// nothing about existence, and an admin gets the 404.
const RouteRow kAdminMissingId = {"", "", 401, 403, 403, 403, 404};
// clang-format on

inline int expectedFor(const RouteRow &r, Column c)
{
    switch (c) {
    case NoCreds:
        return r.noCreds;
    case Viewer:
        return r.viewer;
    case Editor:
        return r.editor;
    case Own:
        return r.own;
    case Admin:
        return r.admin;
    }
    return 0;
}

} // namespace authz_matrix
