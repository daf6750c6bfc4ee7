-- Status counts per thread, merged when the run ends and printed as one JSON line
-- ("BENCH_RESULT {...}") with wrk's own totals, socket errors and latency percentiles.
-- The generated prelude before this file defines: thread_count.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("thread_index", #threads)
end

statuses = {}
first_error = nil

function response(status, headers, body)
   local key = tostring(status)
   statuses[key] = (statuses[key] or 0) + 1
   if status >= 300 and first_error == nil then
      first_error = key .. " " .. string.sub(body or "", 1, 400)
   end
end

local function json_string(value)
   local escaped = string.gsub(value, '[%c"\\]', function(c)
      return string.format("\\u%04x", string.byte(c))
   end)
   return '"' .. escaped .. '"'
end

function done(summary, latency, requests)
   local counts = {}
   local sample = nil
   for _, thread in ipairs(threads) do
      for status, count in pairs(thread:get("statuses") or {}) do
         counts[status] = (counts[status] or 0) + count
      end
      sample = sample or thread:get("first_error")
   end
   local parts = {}
   for status, count in pairs(counts) do
      table.insert(parts, json_string(status) .. ":" .. count)
   end
   local errors = summary.errors
   io.write(string.format(
      'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,'
         .. '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},'
         .. '"latency_us":{"min":%d,"mean":%.1f,"stdev":%.1f,"max":%d,'
         .. '"p50":%d,"p90":%d,"p99":%d,"p999":%d},'
         .. '"statuses":{%s},"first_error":%s}\n',
      summary.requests, summary.duration, summary.bytes,
      errors.connect, errors.read, errors.write, errors.status, errors.timeout,
      latency.min, latency.mean, latency.stdev, latency.max,
      latency:percentile(50), latency:percentile(90), latency:percentile(99),
      latency:percentile(99.9),
      table.concat(parts, ","), sample and json_string(sample) or "null"))
end
