-- wrk script: prints one machine-readable line at the end of a run; bench/run.sh parses it.
-- It defines no request()/response() functions, so wrk keeps sending its static request and
-- runs no Lua per request (no overhead on the measured path).
-- Latencies are in microseconds. errors: status = responses with status > 399 (wrk's
-- "Non-2xx or 3xx responses"); connect/read/write/timeout = wrk's "Socket errors".
done = function(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local rps = 0
  if seconds > 0 then rps = summary.requests / seconds end
  io.write(string.format(
    "BENCH requests=%.0f duration_us=%.0f rps=%.1f p50_us=%.0f p99_us=%.0f status=%.0f connect=%.0f read=%.0f write=%.0f timeout=%.0f\n",
    summary.requests, summary.duration, rps,
    latency:percentile(50), latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout))
end
