-- POST /v1/threads/{id}/messages, cycling through the thread ids in $BENCH_THREADS (one per
-- line). With BENCH_IDEMPOTENCY=1 every request carries its own Idempotency-Key: a random
-- prefix per wrk thread and run, then a counter, so no key is ever repeated.
local lib = dofile(os.getenv("BENCH_WRK_DIR") .. "/lib.lua")

local threads = lib.lines(os.getenv("BENCH_THREADS"))
local with_key = os.getenv("BENCH_IDEMPOTENCY") == "1"
local prefix = ""
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = wrk.headers["Authorization"] }
local n = 0

function init(args)
  -- Each wrk thread starts at its own place in the list, so the threads spread evenly.
  n = (thread_no or 0) * 7919
  local uuid = io.open("/proc/sys/kernel/random/uuid")
  prefix = uuid:read("*l")
  uuid:close()
end

function request()
  n = n + 1
  local thread = threads[(n % #threads) + 1]
  if with_key then
    headers["Idempotency-Key"] = prefix .. "-" .. n
  end
  return wrk.format("POST", "/v1/threads/" .. thread .. "/messages", headers,
    '{"text":"The quick brown fox jumps over the lazy dog, message ' .. n .. '"}')
end
