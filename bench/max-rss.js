'use strict';
// Preloaded into a measured process (node -r): reports its peak resident set size on exit.
process.on('exit', () => {
  const file = process.env.AILZ_BENCH_RSS_FILE;
  if (file) require('fs').writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
});
