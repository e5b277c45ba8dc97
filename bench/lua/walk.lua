-- GET requests that walk through a list of "<path> <bearer token>" lines (file in BENCH_REQUESTS).
-- Each wrk thread takes every n-th line (n = threads, the script's argument), so threads do not
-- send the same request in lockstep.
local lines = {}
local index = 0

function setup(thread)
  thread:set("id", (counter or 0))
  counter = (counter or 0) + 1
end

function init(args)
  local all = {}
  for line in io.lines(os.getenv("BENCH_REQUESTS")) do
    all[#all + 1] = line
  end
  local n = tonumber(args[1] or "1")
  if #all < n then n = 1 end  -- fewer lines than threads: every thread sends all of them
  for i, line in ipairs(all) do
    if (i - 1) % n == id % n then
      local path, token = line:match("^(%S+)%s*(%S*)$")
      local headers = {}
      if token ~= "" then headers["Authorization"] = "Bearer " .. token end
      lines[#lines + 1] = wrk.format("GET", path, headers)
    end
  end
  if #lines == 0 then error("no requests for thread " .. id) end
end

function request()
  index = index % #lines + 1
  return lines[index]
end
