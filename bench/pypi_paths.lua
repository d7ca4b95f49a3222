-- wrk script for bench/pypi_bench.sh: GETs the paths listed in the file $PATHS, one per line,
-- in turn (each wrk thread walks the whole list from its own starting point).
local paths = {}
for line in io.lines(os.getenv("PATHS")) do
  if #line > 0 then paths[#paths + 1] = line end
end
local i = math.random(#paths)

request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

-- wrk counts answers other than 2xx/3xx as status errors; the script refuses figures with any.
done = function(summary, latency, requests)
  io.write(string.format("non-2xx: %d\n", summary.errors.status))
end
