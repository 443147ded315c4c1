#!/usr/bin/env node
'use strict';
/**
 * Benchmarks `ailz assess` on a synthetic tenant of N resources (default 50,000) served by the fake
 * ARM/Resource Graph server in its own process: wall time and peak RSS of the assess process (median
 * of --runs, default 3). The budget: under 60 s and under 500 MB on the 2-core machine.
 *
 *   npm run bench:assess [-- --resources 50000 --runs 3]
 */
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const opt = (name, d) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const N = opt('--resources', 50000);
const RUNS = opt('--runs', 3);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ailz-bench-assess-'));
const caFile = path.join(tmp, 'ca.pem');
const rssFile = path.join(tmp, 'rss');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = spawn(process.execPath, ['-r', path.join(root, 'bin', 'register-ts.js'), path.join(__dirname, 'assess-server.ts'), String(N), caFile], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
let buf = '';
server.stdout.on('data', (d) => {
  buf += d;
  if (!buf.includes('\n')) return;
  const { url } = JSON.parse(buf.split('\n')[0]);
  const times = [];
  const rss = [];
  let resources = 0;
  for (let i = 0; i < RUNS; i++) {
    const out = path.join(tmp, `report-${i}.json`);
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['-r', path.join(__dirname, 'max-rss.js'), '-r', path.join(root, 'bin', 'register-ts.js'), path.join(__dirname, 'assess-run.ts'), url, caFile, out], {
      cwd: root, env: { ...process.env, AILZ_BENCH_RSS_FILE: rssFile }, encoding: 'utf8',
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0) {
      server.kill('SIGTERM');
      throw new Error(`assess failed (exit ${r.status}):\n${r.stderr}`);
    }
    rss.push(Number(fs.readFileSync(rssFile, 'utf8')) / 1024 / 1024);
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    resources = report.summary.inventoried;
    process.stderr.write(`run ${i + 1}: ${(times[i] / 1000).toFixed(1)} s, ${rss[i].toFixed(0)} MB, ${resources} resources inventoried, ${report.findings.length} findings\n`);
  }
  server.kill('SIGTERM');
  const line = `| ailz assess, ${N.toLocaleString('en-US')} resources (${resources.toLocaleString('en-US')} inventoried), fake ARM + Resource Graph on 127.0.0.1 | ${(median(times) / 1000).toFixed(1)} s | ${median(rss).toFixed(0)} MB |`;
  console.log(`| Benchmark | Wall time (median of ${RUNS}) | Peak RSS |\n| --- | --- | --- |\n${line}`);
  fs.rmSync(tmp, { recursive: true, force: true });
});
