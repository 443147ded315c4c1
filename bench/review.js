#!/usr/bin/env node
'use strict';
/**
 * Benchmarks the review commands (issue "Reviewer tooling", speed targets: each under 2 s on the
 * 2-core machine):
 *  - `ailz diff BASE HEAD` of two 100-workload synth outputs (bench/gen-config.js), the head config
 *    changing every workload (capacity, a delete lock switched off on every fourth, ML switched on
 *    or off on every fifth);
 *  - `ailz review-plan` of a 5,000-resource plan: the real workload-chat plan of
 *    test/fixtures/plans scaled by copying its resource changes and configuration under new names
 *    (references re-pointed at the copy), one copy in seven turning its storage account public and
 *    one in eleven destroying its vault.
 * Wall time and peak memory of a fresh process, median of N runs (transpile cache warm). Prints a
 * markdown table; with `--write` replaces the review section of docs/benchmarks.md.
 *
 *   npm run bench:review [-- --runs 5 --write]
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
const loadAtStart = os.loadavg().map((x) => x.toFixed(1)).join(', ');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ailz-bench-review-'));
const usageFile = path.join(tmp, 'usage.json');
const ailz = path.join(root, 'bin', 'ailz.js');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs `node argv` `runs` times; the review commands exit 0 or 1 (findings) by design, anything else is a failure. */
function measure(label, argv, runs = RUNS) {
  const times = [];
  const cpu = [];
  const rss = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['-r', path.join(__dirname, 'usage.js'), ...argv], {
      cwd: root, env: { ...process.env, AILZ_BENCH_USAGE_FILE: usageFile }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0 && r.status !== 1) throw new Error(`${label} failed (exit ${r.status}):\n${r.stderr}`);
    const u = JSON.parse(fs.readFileSync(usageFile, 'utf8'));
    rss.push(u.maxRssBytes / 1024 / 1024);
    cpu.push(u.cpuMs);
    bytes = r.stdout.length;
  }
  const row = { label, ms: median(times), cpu: median(cpu), mb: median(rss), bytes };
  process.stderr.write(`${label}: ${row.ms.toFixed(0)} ms wall, ${row.cpu.toFixed(0)} ms CPU, ${row.mb.toFixed(0)} MB (median of ${runs})\n`);
  return row;
}

function synth(config, out) {
  const file = path.join(tmp, `${path.basename(out)}.yaml`);
  fs.writeFileSync(file, YAML.stringify(config));
  const r = spawnSync(process.execPath, [ailz, 'synth', '--config', file, '--out', out], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`synth failed:\n${r.stderr}`);
}

// --- two 100-workload outputs -------------------------------------------------------------------
const base = generateConfig(100);
const head = JSON.parse(JSON.stringify(base));
head.workloads.forEach((w, i) => {
  w.openai.deployments[0].capacity += 10;
  if (i % 4 === 0 && w.environment === 'production') w.deleteLock = false;
  if (i % 5 === 0) w.machineLearning = !w.machineLearning;
});
synth(base, path.join(tmp, 'base'));
synth(head, path.join(tmp, 'head'));

// --- a 5,000-resource plan ----------------------------------------------------------------------
function scaledPlan(target) {
  const plan = JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'plans', 'workload-chat.plan.json'), 'utf8'));
  const rcs = plan.resource_changes;
  const cfgs = plan.configuration.root_module.resources;
  const copies = Math.ceil(target / rcs.length);
  const names = rcs.map((r) => r.name);
  const rename = (text, k) => names.reduce((t, n) => t.split(`.${n}`).join(`.${n}_c${k}`), text);
  const outRcs = [];
  const outCfgs = [];
  for (let k = 0; k < copies; k++) {
    for (const rc of JSON.parse(rename(JSON.stringify(rcs), k))) {
      rc.name = rc.address.split('.')[1];
      if (k % 7 === 3 && rc.type === 'azurerm_storage_account') {
        rc.change.actions = ['update'];
        rc.change.before = { ...rc.change.after, public_network_access_enabled: false };
        rc.change.after = { ...rc.change.after, public_network_access_enabled: true };
      }
      if (k % 11 === 5 && rc.type === 'azurerm_key_vault') {
        rc.change = { actions: ['delete'], before: rc.change.after, after: null, after_unknown: false, before_sensitive: false, after_sensitive: false };
      }
      outRcs.push(rc);
    }
    for (const c of JSON.parse(rename(JSON.stringify(cfgs), k))) {
      c.name = c.address.split('.')[1];
      outCfgs.push(c);
    }
  }
  plan.resource_changes = outRcs;
  plan.configuration.root_module.resources = outCfgs;
  delete plan.planned_values;
  delete plan.relevant_attributes;
  return plan;
}
const planFile = path.join(tmp, 'workload-big.plan.json');
const big = scaledPlan(5000);
fs.writeFileSync(planFile, JSON.stringify(big));
const planMb = fs.statSync(planFile).size / 1024 / 1024;

spawnSync(process.execPath, [ailz, 'diff', path.join(tmp, 'base'), path.join(tmp, 'head')], { cwd: root }); // warm the transpile cache
// Baselines in the same run: process start, and `ailz check` of the same 100-workload output (recorded
// idle in the synth/check section above), so the review figures can be read as ratios when the machine is shared.
const startRow = measure('baseline: ailz --version (process start)', [ailz, '--version']);
const checkRow = measure('baseline: ailz check of the 100-workload head output', [ailz, 'check', '--dir', path.join(tmp, 'head'), '--format', 'json']);
const rows = [
  measure('ailz diff of two 100-workload outputs, markdown', [ailz, 'diff', path.join(tmp, 'base'), path.join(tmp, 'head'), '--format', 'markdown']),
  measure('ailz diff of two 100-workload outputs, json', [ailz, 'diff', path.join(tmp, 'base'), path.join(tmp, 'head'), '--format', 'json']),
  measure(`ailz review-plan of a ${big.resource_changes.length}-resource plan (${planMb.toFixed(1)} MB), markdown`, [ailz, 'review-plan', planFile, '--format', 'markdown']),
  measure(`ailz review-plan of a ${big.resource_changes.length}-resource plan (${planMb.toFixed(1)} MB), json`, [ailz, 'review-plan', planFile, '--format', 'json']),
];

const load = os.loadavg().map((x) => x.toFixed(1)).join(', ');
const lines = [
  `Measured by \`npm run bench:review\` (\`bench/review.js\`) on ${os.cpus().length} cores (${os.cpus()[0].model.trim()}), Node.js ${process.version}, ${new Date().toISOString().slice(0, 10)}, load average ${loadAtStart} at the start and ${load} at the end. Median of ${RUNS} fresh processes: wall time, CPU time (user + system, which other work on the machine does not inflate) and peak resident memory.`,
  '',
  '| what | median wall time | median CPU time | peak memory | output |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...[startRow, checkRow, ...rows].map((r) => `| ${r.label} | ${r.ms.toFixed(0)} ms | ${r.cpu.toFixed(0)} ms | ${r.mb.toFixed(0)} MB | ${(r.bytes / 1024).toFixed(0)} KB |`),
  '',
  `Relative to \`ailz check\` of the same output in the same run (wall time): ${rows.map((r) => `${r.label.replace(/^ailz /, '')} ${(r.ms / checkRow.ms).toFixed(2)} ×`).join('; ')}.`,
  '',
  '| target | measured | met |',
  '| --- | --- | --- |',
  `| \`diff\` of two 100-workload outputs < 2 s (wall, slower format) | ${(Math.max(rows[0].ms, rows[1].ms) / 1000).toFixed(2)} s | ${Math.max(rows[0].ms, rows[1].ms) < 2000 ? 'yes' : 'no'} |`,
  `| \`diff\` of two 100-workload outputs < 2 s of CPU | ${(Math.max(rows[0].cpu, rows[1].cpu) / 1000).toFixed(2)} s | ${Math.max(rows[0].cpu, rows[1].cpu) < 2000 ? 'yes' : 'no'} |`,
  `| \`review-plan\` of a 5,000-resource plan < 2 s (wall, slower format) | ${(Math.max(rows[2].ms, rows[3].ms) / 1000).toFixed(2)} s | ${Math.max(rows[2].ms, rows[3].ms) < 2000 ? 'yes' : 'no'} |`,
  `| \`review-plan\` of a 5,000-resource plan < 2 s of CPU | ${(Math.max(rows[2].cpu, rows[3].cpu) / 1000).toFixed(2)} s | ${Math.max(rows[2].cpu, rows[3].cpu) < 2000 ? 'yes' : 'no'} |`,
  `| markdown fits a GitHub comment (65,536 characters) | ${rows[0].bytes} bytes (diff) | ${rows[0].bytes <= 65536 ? 'yes' : 'no'} |`,
  '',
  `Each command is one thread of JavaScript (plus the garbage collector's): on an idle machine its wall time is close to its CPU time. When other work shares the 2 cores (load average above 2), wall time grows with the queue and CPU time does not; the process start above (${startRow.ms.toFixed(0)} ms wall for ${startRow.cpu.toFixed(0)} ms of CPU) shows by how much in this run.`,
];
const report = lines.join('\n');
console.log(report);
if (WRITE) {
  const file = path.join(root, 'docs', 'benchmarks.md');
  const doc = fs.readFileSync(file, 'utf8');
  const START = '<!-- bench:review:start -->';
  const END = '<!-- bench:review:end -->';
  const block = `${START}\n${report}\n${END}`;
  const s = doc.indexOf(START);
  const e = doc.indexOf(END);
  fs.writeFileSync(file, s >= 0 && e > s ? `${doc.slice(0, s)}${block}${doc.slice(e + END.length)}` : `${doc.trimEnd()}\n\n## Review commands\n\n${block}\n`);
  console.error('wrote docs/benchmarks.md');
}
fs.rmSync(tmp, { recursive: true, force: true });
