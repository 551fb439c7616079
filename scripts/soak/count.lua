-- wrk script for scripts/soak.sh: requests the URLs listed in the file SOAK_URLS (one path a line) in turn, each
-- thread starting at a different place, and counts every response that is not 2xx or 3xx, by status.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(os.getenv("SOAK_URLS")) do
    if line ~= "" then table.insert(paths, line) end
  end
  position = (id * 7) % #paths
  bad = 0
  by_status = {}
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end

function response(status, headers, body)
  if status < 200 or status >= 400 then
    bad = bad + 1
    by_status[status] = (by_status[status] or 0) + 1
    bad_statuses = ""
    for code, count in pairs(by_status) do bad_statuses = bad_statuses .. code .. "x" .. count .. " " end
  end
end

function done(summary, latency, requests)
  local total_bad, statuses = 0, ""
  for _, thread in ipairs(threads) do
    total_bad = total_bad + thread:get("bad")
    statuses = statuses .. (thread:get("bad_statuses") or "")
  end
  local errors = summary.errors
  local socket_errors = errors.connect + errors.read + errors.write + errors.timeout
  io.write(string.format("SOAK requests=%d duration_s=%.1f rps=%.1f socket_errors=%d (connect %d, read %d, write %d, timeout %d) http_status_errors=%d non_2xx_3xx=%d %s\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), socket_errors,
    errors.connect, errors.read, errors.write, errors.timeout, errors.status, total_bad, statuses))
  io.write(string.format("SOAK latency_ms p50=%.1f p90=%.1f p99=%.1f max=%.1f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
