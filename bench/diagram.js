#!/usr/bin/env node
'use strict';
/**
 * Benchmarks `ailz diagram`: wall time and peak memory (median of N fresh processes) from a config and
 * from a synth output of 100 workloads (bench/gen-config.js), beside `ailz validate` of the same config
 * and `ailz check` of the same output in the same run (the same loaders), and the in-process time
 * of the view and the Mermaid text. Prints a markdown report.
 *
 *   npm run bench:diagram [-- --runs 5]
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
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ailz-bench-diagram-'));
const rssFile = path.join(tmp, 'rss');
const ailz = path.join(root, 'bin', 'ailz.js');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function measure(label, argv) {
  const times = [];
  const rss = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['-r', path.join(__dirname, 'max-rss.js'), ...argv], {
      cwd: root, env: { ...process.env, AILZ_BENCH_RSS_FILE: rssFile }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status}):\n${r.stderr}`);
    rss.push(Number(fs.readFileSync(rssFile, 'utf8')) / 1024 / 1024);
  }
  const row = { label, ms: median(times), mb: median(rss) };
  process.stderr.write(`${label}: ${row.ms.toFixed(0)} ms, ${row.mb.toFixed(0)} MB (median of ${RUNS})\n`);
  return row;
}

const config = path.join(tmp, 'lz-100.yaml');
fs.writeFileSync(config, YAML.stringify(generateConfig(100)));
const out = path.join(tmp, 'out-100');
const synth = spawnSync(process.execPath, [ailz, 'synth', '--config', config, '--out', out], { cwd: root, encoding: 'utf8' });
if (synth.status !== 0) throw new Error(`synth failed:\n${synth.stderr}`);

const rows = {
  start: measure('ailz --version (process start)', [ailz, '--version']),
  validate: measure('ailz validate --config, 100 workloads (baseline: same config loader)', [ailz, 'validate', '--config', config]),
  config: measure('ailz diagram --config, 100 workloads', [ailz, 'diagram', '--config', config]),
  dir: measure('ailz diagram --dir, 100-workload output', [ailz, 'diagram', '--dir', out]),
  check: measure('ailz check --dir, same output (baseline: same loader)', [ailz, 'check', '--dir', out, '--format', 'json']),
};

require('../bin/register-ts');
const { loadDocuments } = require('../guardrails/evaluate.ts');
const { viewFromTerraform } = require('../diagram/from-terraform.ts');
const { renderDiagram } = require('../diagram/render.ts');
const inProcess = { load: [], view: [], render: [] };
let diagram;
for (let i = 0; i < RUNS; i++) {
  let t = process.hrtime.bigint();
  const docs = loadDocuments(out);
  inProcess.load.push(Number(process.hrtime.bigint() - t) / 1e6);
  t = process.hrtime.bigint();
  const view = viewFromTerraform(docs);
  inProcess.view.push(Number(process.hrtime.bigint() - t) / 1e6);
  t = process.hrtime.bigint();
  diagram = renderDiagram(view);
  inProcess.render.push(Number(process.hrtime.bigint() - t) / 1e6);
}

const ms = (x) => `${Math.round(x)} ms`;
const lines = [
  `Measured by \`npm run bench:diagram\` (\`bench/diagram.js\`), Node.js ${process.version}, ${os.cpus().length} cores; median of ${RUNS} fresh processes.`,
  '',
  '| what | median wall time | peak memory |',
  '| --- | ---: | ---: |',
  ...Object.values(rows).map((r) => `| ${r.label} | ${ms(r.ms)} | ${Math.round(r.mb)} MB |`),
  `| in process: load the 100-workload output / build the view / lay out and write Mermaid (${diagram.detail}, ${diagram.characters} characters, ${diagram.edges} edges) | ${ms(median(inProcess.load))} / ${ms(median(inProcess.view))} / ${ms(median(inProcess.render))} | |`,
  '',
  '| target | measured | met |',
  '| --- | --- | --- |',
  `| \`diagram --dir\` of the 100-workload output ≤ 2 × \`check\` of it | ${(rows.dir.ms / rows.check.ms).toFixed(2)} × | ${rows.dir.ms <= 2 * rows.check.ms ? 'yes' : 'no'} |`,
  `| \`diagram --config\` ≤ 1.5 × \`validate\` of the same config (no synthesis: the config loader is the cost) | ${(rows.config.ms / rows.validate.ms).toFixed(2)} × | ${rows.config.ms <= 1.5 * rows.validate.ms ? 'yes' : 'no'} |`,
];
process.stdout.write(`${lines.join('\n')}\n`);
fs.rmSync(tmp, { recursive: true, force: true });
