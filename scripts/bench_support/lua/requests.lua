-- The requests: cycle through `paths`, each thread starting at its own offset so that
-- threads do not hit the same row at the same moment. With `key_prefix` set, every request
-- carries a unique Idempotency-Key (prefix, thread, counter).
-- The generated prelude defines: method, paths, headers, body, key_prefix, thread_count.

local cursor = 0
local sent = 0

function init(args)
   local index = thread_index or 1
   cursor = math.floor((index - 1) * #paths / thread_count)
end

function request()
   cursor = cursor % #paths + 1
   if key_prefix then
      sent = sent + 1
      headers["Idempotency-Key"] = key_prefix .. "-" .. (thread_index or 1) .. "-" .. sent
   end
   return wrk.format(method, paths[cursor], headers, body)
end
