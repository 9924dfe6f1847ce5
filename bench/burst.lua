-- wrk script of bench/deadline_burst.py: each request is a different line of a requests file
-- (API token, idempotency key, JSON body naming the enterprise), sent as that token's user.
--
--   wrk -t T -c C -d 600s --timeout 30s --latency -s bench/burst.lua http://127.0.0.1:PORT -- FILE T PATH
--
-- Thread i takes lines i, i+T, i+2T... An answer is matched to its line by the "enterprise" in
-- its body (the API returns the stored report, the ceiling view echoes the request). Once every
-- line has been sent, a free connection waits 2 s, then re-sends a line still unanswered 2 s
-- after its last send
-- (a request lost to a connection error), with the same idempotency key, as a client would
-- retry; at most three sends per line. When every line of a thread is answered the thread
-- stops and writes the file DONE_PREFIX<thread>; the caller then ends wrk with SIGINT (wrk
-- itself always runs for -d). The burst's duration is measured here, from the first request
-- sent to the last answer received (gettimeofday through LuaJIT's ffi). done() prints one line
-- "BURST {json}" for the caller.
--
--   wrk ... -- FILE T PATH DONE_PREFIX

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_usec; } kcn_timeval;
int gettimeofday(kcn_timeval *tv, void *tz);
]]
local timeval = ffi.new("kcn_timeval")

local function now_us()
   ffi.C.gettimeofday(timeval, nil)
   return tonumber(timeval.tv_sec) * 1000000 + tonumber(timeval.tv_usec)
end

local threads = {}
local next_id = 0

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

function init(args)
   local file, nthreads, path = args[1], tonumber(args[2]), args[3]
   done_file = args[4] .. id
   requests, line_of, sends, last_sent, answered_lines = {}, {}, {}, {}, {}
   local index = 0
   for line in io.lines(file) do
      if index % nthreads == id then
         local token, key, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
         requests[#requests + 1] = wrk.format("POST", path, {
            ["Authorization"] = "Token " .. token,
            ["Idempotency-Key"] = key,
            ["Content-Type"] = "application/json",
            ["Accept-Language"] = "vi",
         }, body)
         line_of[body:match('"enterprise":%s*(%d+)')] = #requests
         sends[#requests] = 0
         last_sent[#requests] = 0
      end
      index = index + 1
   end
   ping = wrk.format("GET", "/bench/ping/")
   total = #requests
   fresh = 0        -- lines sent at least once, in order
   sent = 0         -- requests sent, retries included
   retries = 0
   answered = 0     -- lines answered (first answer of each)
   unmatched = 0    -- answers naming no enterprise (errors)
   statuses = {}
   retry_from = 1
   first_us = 0
   last_us = 0
   finished = false
end

function delay()
   if fresh < total then
      return 0
   end
   if finished then
      return 3600000
   end
   return 2000
end

local function unanswered()
   -- a line still unanswered 5 s after its last send, sent fewer than three times
   local now = now_us()
   for _ = 1, total do
      local i = retry_from
      retry_from = retry_from % total + 1
      if not answered_lines[i] and sends[i] < 3 and now - last_sent[i] > 2000000 then
         return i
      end
   end
   return nil
end

function request()
   if first_us == 0 then
      first_us = now_us()
   end
   local i
   if fresh < total then
      fresh = fresh + 1
      i = fresh
   else
      i = unanswered()
      if i == nil then
         return ping
      end
      retries = retries + 1
   end
   sends[i] = sends[i] + 1
   last_sent[i] = now_us()
   sent = sent + 1
   return requests[i]
end

function response(status, headers, body)
   if body == "ok" then
      return -- the answer to a ping sent while waiting for a re-send to be due
   end
   local key = tostring(status)
   statuses[key] = (statuses[key] or 0) + 1
   local i = line_of[body:match('"enterprise":%s*(%d+)') or ""]
   if i == nil then
      unmatched = unmatched + 1
   elseif not answered_lines[i] then
      answered_lines[i] = true
      answered = answered + 1
   end
   if answered + unmatched >= total and not finished then
      finished = true
      last_us = now_us()
      local marker = io.open(done_file, "w")
      marker:write("done\n")
      marker:close()
      wrk.thread:stop()
   end
end

function done(summary, latency, requests)
   local counts = {}
   local totals = {sent = 0, answered = 0, retries = 0, unmatched = 0}
   local first, last = nil, 0
   for _, thread in ipairs(threads) do
      local start = thread:get("first_us")
      if start > 0 and (first == nil or start < first) then
         first = start
      end
      last = math.max(last, thread:get("last_us"))
   end
   for _, thread in ipairs(threads) do
      for status, count in pairs(thread:get("statuses")) do
         counts[status] = (counts[status] or 0) + count
      end
      for name, _ in pairs(totals) do
         totals[name] = totals[name] + thread:get(name)
      end
   end
   local parts = {}
   for status, count in pairs(counts) do
      parts[#parts + 1] = string.format('"%s": %d', status, count)
   end
   local e = summary.errors
   io.write(string.format(
      'BURST {"duration_us": %d, "burst_us": %d, "finished": %s, "requests": %d, "sent": %d, "answered": %d, "retries": %d, "unmatched": %d, ' ..
      '"statuses": {%s}, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
      '"latency_us": {"mean": %.1f, "max": %d, "p50": %d, "p90": %d, "p99": %d, "p999": %d}}\n',
      summary.duration, (first and last > first) and (last - first) or 0, tostring(last > 0 and first ~= nil),
      summary.requests, totals.sent, totals.answered, totals.retries, totals.unmatched,
      table.concat(parts, ", "), e.connect, e.read, e.write, e.status, e.timeout,
      latency.mean, latency.max, latency:percentile(50), latency:percentile(90), latency:percentile(99),
      latency:percentile(99.9)))
end
