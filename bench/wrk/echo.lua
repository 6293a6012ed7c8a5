-- The ceiling's POST /echo: a small JSON body like a send's.
dofile(os.getenv("BENCH_WRK_DIR") .. "/lib.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"text":"The quick brown fox jumps over the lazy dog, message 1"}'
