-- write_units.lua - wrk script for bench/run.sh: every request is
-- POST /api/v1/units creating a new unit (a committed write with its audit
-- entry).  Codes are unique across wrk threads: "W<thread>-<n>".  The
-- Authorization and Content-Type headers come from wrk's -H options; a
-- run's codes start with $BENCH_RUN, so runs on one database never collide.
local next_thread = 0

function setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_no", next_thread)
end

local n = 0
local run = os.getenv("BENCH_RUN") or ""

function request()
  n = n + 1
  local body = string.format(
    '{"code":"W%s%d-%d","name":"性能試験署","kind":"station"}', run, thread_no, n)
  return wrk.format("POST", "/api/v1/units", nil, body)
end
