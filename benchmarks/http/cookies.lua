-- wrk script for the HTTP benchmark (benchmarks/http/run.sh): every request carries the session
-- cookie of a virtual client, so that requests reuse their session, and every response is checked.
--
-- wrk gives each thread one Lua state, not one per connection, and response() is not told which
-- connection (or request) it answers. So each request takes a "slot" (a virtual client: its cookie
-- and the last counter it saw) from the thread's free list, tags the request with the slot's number
-- in the X-Slot header, and the server echoes that header; response() finds the slot by it, keeps
-- the Set-Cookie it may carry, checks the counter, and frees the slot. A slot is thus in flight on
-- one connection at a time, and a thread opens as many slots as it has requests in flight at once:
-- its connections (the first thread one more: wrk calls request() once in its state before the
-- run, to check the script; that slot is never sent). A slot starts without a cookie, so its first
-- request makes a session.
--
-- Checked on every response: status 200, and the body's counter is 1 after a new Set-Cookie (or
-- when the slot has no cookie: the no-session baseline), else the slot's last counter plus 1.
--
-- done() prints one line: "result rps=R p50_ms=A p99_ms=B requests=N errors=E non2xx=S
-- sessions=C checked=K mismatches=M unknown=U slots=L" (sessions: new cookies the run saw).

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

-- Per thread (globals, so that done() can read them with thread:get).
created = 0
checked = 0
mismatches = 0
unknown = 0
slots_opened = 0

local slots = {}
local free = {}

function request()
   local i = table.remove(free)
   if i == nil then
      slots_opened = slots_opened + 1
      i = slots_opened
      slots[i] = { cookie = nil, counter = 0 }
   end
   local headers = { ["X-Slot"] = tostring(i) }
   local cookie = slots[i].cookie
   if cookie ~= nil then
      headers["Cookie"] = cookie
   end
   return wrk.format(nil, nil, headers)
end

function response(status, headers, body)
   local slot, set_cookie
   for name, value in pairs(headers) do
      local lower = string.lower(name)
      if lower == "x-slot" then
         slot = tonumber(value)
      elseif lower == "set-cookie" then
         set_cookie = value
      end
   end
   local s = slot and slots[slot]
   if not s then
      unknown = unknown + 1
      return
   end
   local expected
   local cookie = set_cookie and string.match(set_cookie, "^([^;]*)")
   if cookie and cookie ~= s.cookie then
      s.cookie = cookie
      created = created + 1
      expected = 1
   elseif s.cookie then
      expected = s.counter + 1
   else
      expected = 1
   end
   local counter = tonumber(string.match(body or "", "^(%d+)"))
   checked = checked + 1
   if status ~= 200 or counter ~= expected then
      mismatches = mismatches + 1
   end
   if counter then
      s.counter = counter
   end
   table.insert(free, slot)
end

function done(summary, latency, requests)
   local sessions, total_checked, total_mismatches, total_unknown, total_slots = 0, 0, 0, 0, 0
   for _, thread in ipairs(threads) do
      sessions = sessions + thread:get("created")
      total_checked = total_checked + thread:get("checked")
      total_mismatches = total_mismatches + thread:get("mismatches")
      total_unknown = total_unknown + thread:get("unknown")
      total_slots = total_slots + thread:get("slots_opened")
   end
   local e = summary.errors
   io.write(string.format(
      "result rps=%.0f p50_ms=%.3f p99_ms=%.3f requests=%d errors=%d non2xx=%d"
         .. " sessions=%d checked=%d mismatches=%d unknown=%d slots=%d\n",
      summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      summary.requests, e.connect + e.read + e.write + e.timeout, e.status,
      sessions, total_checked, total_mismatches, total_unknown, total_slots))
end
