-- GET /api/v1/posts/{id}, cycling the id through 1..2000 (every demo post) so no single row or
-- cache entry serves the whole run. Peers that ignore the path (nginx, Node) get the same URLs.
local next_id = 0

request = function()
  next_id = next_id % 2000 + 1
  return wrk.format("GET", "/api/v1/posts/" .. next_id)
end
