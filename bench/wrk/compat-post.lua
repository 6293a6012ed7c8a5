-- The seed-compatible POST /thread/{id}/{username}, cycling through the thread ids in
-- $BENCH_THREADS as $BENCH_USER (the user the token belongs to).
local lib = dofile(os.getenv("BENCH_WRK_DIR") .. "/lib.lua")

local threads = lib.lines(os.getenv("BENCH_THREADS"))
local user = os.getenv("BENCH_USER")
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = wrk.headers["Authorization"] }
local n = 0

function init(args)
  n = (thread_no or 0) * 7919
end

function request()
  n = n + 1
  local thread = threads[(n % #threads) + 1]
  return wrk.format("POST", "/thread/" .. thread .. "/" .. user, headers,
    '{"message":"The quick brown fox jumps over the lazy dog, message ' .. n .. '"}')
end
