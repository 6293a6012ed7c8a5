-- Shared by every bench script: the credential, and a done() that prints one JSON line
-- (BENCH-RESULT {...}) for parley-bench measure to read. Times are in microseconds.
local lib = {}

local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

-- One line per entry of a file (thread ids).
function lib.lines(path)
  local items = {}
  for line in io.lines(path) do
    if line ~= "" then items[#items + 1] = line end
  end
  assert(#items > 0, "no lines in " .. path)
  return items
end

-- Gives each wrk thread a distinct number, for unique Idempotency-Keys and spread offsets.
local next_id = 0
function setup(thread)
  thread:set("thread_no", next_id)
  next_id = next_id + 1
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH-RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%.0f,"p99_us":%.0f,"max_us":%.0f,' ..
    '"errors_connect":%d,"errors_read":%d,"errors_write":%d,"errors_status":%d,"errors_timeout":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end

return lib
