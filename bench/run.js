#!/usr/bin/env node
'use strict';
/**
 * Benchmarks `ailz synth` and `ailz check`: wall time and peak memory (median of N runs), for the
 * reference config and generated configs of 10, 50 and 100 workloads, beside two baselines in the
 * same run: a bare `require` of the provider package root, and the same app run the default cdktf
 * way (type-checking ts-node, provider package root import). Prints a markdown report; with
 * `--write` also writes docs/benchmarks.md.
 *
 *   npm run bench [-- --runs 5 --write]
 *   npm run bench -- --large-only [--write]   # only the 100 MiB check; --write replaces its section
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const YAML = require('yaml');
const { generateConfig } = require('./gen-config');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 5;
const WRITE = args.includes('--write');
const LARGE_ONLY = args.includes('--large-only');
const loadAtStart = os.loadavg()[0];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ailz-bench-'));
const rssFile = path.join(tmp, 'rss');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Runs `node argv` `runs` times in fresh processes; median wall time (ms) and peak RSS (MB).
 * `opts.okCodes`: exit codes that count as success (check exits 1 on findings); `opts.stdoutFile`:
 * where stdout goes (large reports), else it is collected and dropped.
 */
function measure(label, argv, env = {}, runs = RUNS, opts = {}) {
  const times = [];
  const rss = [];
  const okCodes = opts.okCodes ?? [0];
  for (let i = 0; i < runs; i++) {
    const out = opts.stdoutFile ? fs.openSync(opts.stdoutFile, 'w') : 'pipe';
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['-r', path.join(__dirname, 'max-rss.js'), ...argv], {
      cwd: root,
      env: { ...process.env, ...env, AILZ_BENCH_RSS_FILE: rssFile },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', out, 'pipe'],
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (typeof out === 'number') fs.closeSync(out);
    if (!okCodes.includes(r.status)) throw new Error(`${label} failed (exit ${r.status}):\n${r.stderr}`);
    rss.push(Number(fs.readFileSync(rssFile, 'utf8')) / 1024 / 1024);
  }
  const row = { label, ms: median(times), mb: median(rss) };
  process.stderr.write(`${label}: ${row.ms.toFixed(0)} ms, ${row.mb.toFixed(0)} MB (median of ${runs})\n`);
  return row;
}

function configFile(n) {
  const file = path.join(tmp, `lz-${n}.yaml`);
  fs.writeFileSync(file, YAML.stringify(generateConfig(n)));
  return file;
}

const ailz = path.join(root, 'bin', 'ailz.js');
// Warm the transpile cache once so every measured run sees the steady state a user sees.
spawnSync(process.execPath, [ailz, 'synth', '--out', path.join(tmp, 'warm')], { cwd: root });

const rows = {};
let evalMedian = 0;
if (LARGE_ONLY) {
  spawnSync(process.execPath, [ailz, 'synth', '--out', path.join(tmp, 'out-ref')], { cwd: root });
} else {
  rows.bare = measure('bare require of the provider package root', ['-e', `require(${JSON.stringify(['@cdktf', 'provider-azurerm'].join('/'))})`]);
  rows.reference = measure('ailz synth, reference config (2 workloads)', [ailz, 'synth', '--out', path.join(tmp, 'out-ref')]);
  // The slow baseline: at most 3 runs.
  const defaultRuns = Math.max(1, Math.min(RUNS, 3));
  rows.defaultCdktf = measure('default cdktf way (type-checking ts-node, root import), reference config', [
    '-r', 'ts-node/register', '-r', path.join(__dirname, 'root-import.js'), path.join(root, 'main.ts'),
  ], { CDKTF_OUTDIR: path.join(tmp, 'out-default'), TS_NODE_TRANSPILE_ONLY: '', TS_NODE_PROJECT: path.join(root, 'tsconfig.json') }, defaultRuns);

  for (const n of [10, 50, 100]) {
    rows[`w${n}`] = measure(`ailz synth, ${n} workloads`, [ailz, 'synth', '--config', configFile(n), '--out', path.join(tmp, `out-${n}`)]);
  }
  rows.check100 = measure('ailz check, 100-workload output', [ailz, 'check', '--dir', path.join(tmp, 'out-100'), '--format', 'json']);

  // In-process evaluation time of the 100-workload output (what `check` costs beyond starting node).
  require('../bin/register-ts');
  const { evaluate, loadDocuments } = require('../guardrails/index.ts');
  const evalTimes = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    evaluate(loadDocuments(path.join(tmp, 'out-100')));
    evalTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  evalMedian = median(evalTimes);
}

// `ailz check` of one 100 MiB Terraform JSON file in every format, the JS heap capped at 1 GB
// (bench/gen-large.js: the workload-research stack copied with misconfigurations in every copy).
const { writeLargeTerraformJson } = require('./gen-large');
const largeFile = path.join(tmp, 'large', 'workload-big.tf.json');
fs.mkdirSync(path.dirname(largeFile), { recursive: true });
const template = JSON.parse(fs.readFileSync(path.join(tmp, 'out-ref', 'stacks', 'workload-research', 'cdk.tf.json'), 'utf8'));
const large = writeLargeTerraformJson(template, largeFile, 100 * 1024 * 1024);
const largeRuns = Math.max(1, Math.min(RUNS, 3));
const largeRows = {};
const largeOut = {};
for (const format of ['text', 'json', 'markdown', 'sarif']) {
  const outFile = path.join(tmp, 'large', `report.${format}`);
  largeRows[format] = measure(`ailz check --format ${format}, 100 MiB Terraform JSON`, ['--max-old-space-size=1024', ailz, 'check', '--dir', largeFile, '--format', format],
    {}, largeRuns, { okCodes: [1], stdoutFile: outFile });
  largeOut[format] = fs.statSync(outFile).size;
}
const sarifText = fs.readFileSync(path.join(tmp, 'large', 'report.sarif'));
const sarifGzip = require('zlib').gzipSync(sarifText).length;
const sarifResults = JSON.parse(sarifText.toString('utf8')).runs[0].results.length;
const largeFindings = JSON.parse(fs.readFileSync(path.join(tmp, 'large', 'report.json'), 'utf8')).findings.length;
const mb = (n) => (n / 1024 / 1024).toFixed(1);

const ratio = (a, b) => (a / b).toFixed(2);
function mainReport() {
  const perWorkload = (rows.w100.ms - rows.w10.ms) / 90;
  const predicted50 = rows.w10.ms + perWorkload * 40;
  return `# Benchmarks

Measured by \`npm run bench\` (\`bench/run.js\`) on ${os.cpus().length} cores (${os.cpus()[0].model.trim()}), Node.js ${process.version},
${new Date().toISOString().slice(0, 10)}. Each figure is the median of ${RUNS} runs (${defaultRuns} for the slow default-cdktf
baseline) of a fresh process: wall time, and peak resident memory (\`process.resourceUsage().maxRSS\`).
The transpile cache is warm, as it is for a user after the first run. One-minute load average ${loadAtStart.toFixed(1)} at the
start and ${os.loadavg()[0].toFixed(1)} at the end of the run (other work on the machine lengthens wall times).

| what | median wall time | peak memory |
| --- | ---: | ---: |
${Object.values(rows).map((r) => `| ${r.label} | ${r.ms.toFixed(0)} ms | ${r.mb.toFixed(0)} MB |`).join('\n')}
| guardrail evaluation of the 100-workload output, in process (load + evaluate) | ${evalMedian.toFixed(0)} ms | |

## Targets

| target | measured | met |
| --- | --- | --- |
| reference synth < 0.6 × bare root require | ${ratio(rows.reference.ms, rows.bare.ms)} × | ${rows.reference.ms < 0.6 * rows.bare.ms ? 'yes' : 'no'} |
| reference synth ≥ 8 × faster than the default-cdktf baseline | ${ratio(rows.defaultCdktf.ms, rows.reference.ms)} × faster | ${rows.defaultCdktf.ms >= 8 * rows.reference.ms ? 'yes' : 'no'} |
| 50 workloads < 2.5 × bare root require | ${ratio(rows.w50.ms, rows.bare.ms)} × | ${rows.w50.ms < 2.5 * rows.bare.ms ? 'yes' : 'no'} |
| 100 workloads < 10 s and < 1 GB | ${(rows.w100.ms / 1000).toFixed(1)} s, ${rows.w100.mb.toFixed(0)} MB | ${rows.w100.ms < 10000 && rows.w100.mb < 1024 ? 'yes' : 'no'} |
| cost linear in workloads (50-workload time vs. the line through 10 and 100) | ${rows.w50.ms.toFixed(0)} ms vs. ${predicted50.toFixed(0)} ms predicted (${(100 * (rows.w50.ms / predicted50 - 1)).toFixed(0)} %) | ${Math.abs(rows.w50.ms / predicted50 - 1) < 0.2 ? 'yes' : 'no'} |
| \`ailz check\` of the 100-workload output < 1 s | ${rows.check100.ms.toFixed(0)} ms (command), ${evalMedian.toFixed(0)} ms (evaluation) | ${rows.check100.ms < 1000 ? 'yes' : 'no'} |

Marginal cost: ${perWorkload.toFixed(0)} ms per workload.

Why it is fast:
- the CLI runs the TypeScript through a transpile-only loader with a content-hash cache (no type
  checking on the hot path: \`npm test\` type-checks separately);
- provider classes are imported by deep path, so only the resource classes ailz uses load instead of ~1,500;
- synthesis runs without cdktf's per-token creation stack traces (\`cli/synth.ts\`), which cost half
  the time and memory of a 100-workload synth (measured: 8.1-9.1 s and 389 MB before, 4.2-4.5 s and
  180-220 MB after, byte-identical output);
- \`check\`, \`rules\`, \`validate\` and \`schema\` never load cdktf or the provider classes.

${largeSection}`;
}

const largeSection = `<!-- bench:large -->
## \`ailz check\` of a 100 MB Terraform JSON file

One file of ${mb(large.bytes)} MiB (${large.bytes.toLocaleString('en-US')} bytes, ${large.resources.toLocaleString('en-US')} resources: the reference
\`workload-research\` stack copied ${large.copies} times by \`bench/gen-large.js\`, each copy with ten misconfigurations),
${largeFindings.toLocaleString('en-US')} findings. Each format is a fresh \`node --max-old-space-size=1024 bin/ailz.js check --dir FILE --format F\`
process writing its report to a file; median of ${largeRuns} runs; peak memory is the whole process's resident set.

| format | median wall time | peak memory | report size |
| --- | ---: | ---: | ---: |
${Object.entries(largeRows).map(([f, r]) => `| ${f} | ${(r.ms / 1000).toFixed(1)} s | ${r.mb.toFixed(0)} MB | ${mb(largeOut[f])} MiB |`).join('\n')}

SARIF: ${sarifResults.toLocaleString('en-US')} results (GitHub accepts 25,000 per run; the rest of each rule is one result saying how many
were left out), ${mb(sarifGzip)} MiB gzipped (limit 10 MB).

| target | measured | met |
| --- | --- | --- |
| every format within 1 GB | ${Math.max(...Object.values(largeRows).map((r) => r.mb)).toFixed(0)} MB at most | ${Object.values(largeRows).every((r) => r.mb < 1024) ? 'yes' : 'no'} |
| SARIF within GitHub's limits (25,000 results, 10 MB gzipped) | ${sarifResults.toLocaleString('en-US')} results, ${mb(sarifGzip)} MiB | ${sarifResults <= 25000 && sarifGzip <= 10 * 1024 * 1024 ? 'yes' : 'no'} |

How: files with no repeated property name are parsed by the native \`JSON.parse\` (a count of property
names in the text against the keys kept tells; otherwise ailz's own parser keeps every definition);
positions are found only when a finding needs one, by one walk over the file's structure that skips
values from quote to quote; reports are produced chunk by chunk and written in 64 KiB blocks, never as
one string; the SARIF size is tracked by deflating what was written in batches.

Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores, Node.js ${process.version}; one-minute load average ${loadAtStart.toFixed(1)} at the
start and ${os.loadavg()[0].toFixed(1)} at the end of the run (other work on the machine lengthens wall times, not memory).
<!-- /bench:large -->
`;
const docFile = path.join(root, 'docs', 'benchmarks.md');
let report;
if (LARGE_ONLY) {
  // Replace only the large-input section of the recorded results.
  const current = fs.existsSync(docFile) ? fs.readFileSync(docFile, 'utf8') : '# Benchmarks\n';
  const re = /<!-- bench:large -->[\s\S]*?<!-- \/bench:large -->\n/;
  report = re.test(current) ? current.replace(re, () => largeSection) : `${current.trimEnd()}\n\n${largeSection}`;
  process.stdout.write(largeSection);
} else {
  // Sections other benchmarks add after this one (e.g. bench/assess.js) are kept.
  const current = fs.existsSync(docFile) ? fs.readFileSync(docFile, 'utf8') : '';
  const end = current.indexOf('<!-- /bench:large -->\n');
  const rest = end >= 0 ? current.slice(end + '<!-- /bench:large -->\n'.length) : '';
  report = `${mainReport()}${rest}`;
  process.stdout.write(report);
}
if (WRITE) fs.writeFileSync(docFile, report);
fs.rmSync(tmp, { recursive: true, force: true });
