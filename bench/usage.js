'use strict';
// Preloaded into a measured process (node -r): reports its peak resident set size and CPU time (user + system)
// on exit, as JSON, so a benchmark on a shared, loaded machine can report CPU time beside wall time.
process.on('exit', () => {
  const file = process.env.AILZ_BENCH_USAGE_FILE;
  if (!file) return;
  const u = process.resourceUsage();
  require('fs').writeFileSync(file, JSON.stringify({ maxRssBytes: u.maxRSS * 1024, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
});
