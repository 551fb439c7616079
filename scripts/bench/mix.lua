-- wrk script for scripts/bench/run.py: requests the paths listed in the file BENCH_MIX_URLS (one a line) in turn,
-- each thread starting at a different place, and counts the responses by their X-Page-Cache header (hit, miss or
-- none) and those that are not 2xx or 3xx.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(os.getenv("BENCH_MIX_URLS")) do
    if line ~= "" then table.insert(paths, line) end
  end
  position = (id * 3) % #paths
  hits, misses, uncached, bad = 0, 0, 0, 0
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end

function response(status, headers, body)
  if status < 200 or status >= 400 then bad = bad + 1 end
  local cache = headers["X-Page-Cache"] or headers["x-page-cache"]
  if cache == "hit" then
    hits = hits + 1
  elseif cache == "miss" then
    misses = misses + 1
  else
    uncached = uncached + 1
  end
end

function done(summary, latency, requests)
  local hits_total, misses_total, uncached_total, bad_total = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    hits_total = hits_total + thread:get("hits")
    misses_total = misses_total + thread:get("misses")
    uncached_total = uncached_total + thread:get("uncached")
    bad_total = bad_total + thread:get("bad")
  end
  local errors = summary.errors
  io.write(string.format("MIX requests=%d duration_s=%.3f hits=%d misses=%d uncached=%d bad=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, hits_total, misses_total, uncached_total, bad_total,
    errors.connect + errors.read + errors.write + errors.timeout))
  io.write(string.format("MIX latency_ms p50=%.3f p99=%.3f max=%.3f\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
