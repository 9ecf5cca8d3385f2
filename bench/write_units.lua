-- write_units.lua - wrk script for bench/backends.sh: every request is
-- POST /api/v1/units creating a new unit (a committed write with its audit
-- entry).  Codes are unique across wrk threads: "W<thread>-<n>".  The
-- Authorization and Content-Type headers come from wrk's -H options.
local next_thread = 0

function setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_no", next_thread)
end

local n = 0

function request()
  n = n + 1
  local body = string.format(
    '{"code":"W%d-%d","name":"性能試験署","kind":"station"}', thread_no, n)
  return wrk.format("POST", "/api/v1/units", nil, body)
end
