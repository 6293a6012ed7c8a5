-- A GET of the URL given to wrk, with the bench credential.
dofile(os.getenv("BENCH_WRK_DIR") .. "/lib.lua")
