-- POST /v1/dossiers/{id}/submit for a list of "<dossier id> <bearer token>" lines (BENCH_REQUESTS),
-- each draft exactly once, with a fresh Idempotency-Key as a phone app sends it. Thread t of n
-- takes lines t, t+n, ...; when a thread runs out it stops, and run.py reports it.
local lines = {}
local index = 0

function setup(thread)
  thread:set("id", (counter or 0))
  counter = (counter or 0) + 1
end

function init(args)
  local n = tonumber(args[1] or "1")
  local i = 0
  for line in io.lines(os.getenv("BENCH_REQUESTS")) do
    if i % n == id then
      local dossier, token = line:match("^(%S+)%s+(%S+)$")
      lines[#lines + 1] = {dossier, token}
    end
    i = i + 1
  end
end

function request()
  index = index + 1
  local item = lines[index]
  if item == nil then
    wrk.thread:stop()
    item = lines[#lines]
  end
  return wrk.format("POST", "/v1/dossiers/" .. item[1] .. "/submit", {
    ["Authorization"] = "Bearer " .. item[2],
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "bench-" .. id .. "-" .. index,
  }, "{}")
end
