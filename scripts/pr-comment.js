#!/usr/bin/env node
'use strict';
// The pull-request comment of .github/workflows/landing-zone.yml.
//
//   node scripts/pr-comment.js plan-status STACK EXIT_CODE PLAN_LOG PLAN_JSON > DIR/plan-STACK.json
// records one plan job's result (ailz plan's exit code, its output, the plan JSON it wrote or not);
//
//   node scripts/pr-comment.js comment DIR > comment.md
// builds the comment from the reports the jobs left in DIR:
//   diff.md                ailz diff --format markdown
//   policy.md              the policy simulation (ailz check --policy --format markdown), or why it did not run
//   plan-<stack>.json      { stack, status: planned|waiting|failed|not-run, detail } of each plan job
//   plan-<stack>.md        ailz review-plan --format markdown of that stack's plan
// Environment: RUN_URL (link to the run), COMMIT, PLANS_SKIPPED (why no stack was planned).
require('../bin/register-ts');
const fs = require('fs');
const path = require('path');
const { buildComment, planStatus } = require('./pr-comment.ts');

const [verb, ...args] = process.argv.slice(2);
if (verb === 'plan-status' && args.length === 4) {
  const [stack, code, logFile, planJson] = args;
  const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
  process.stdout.write(`${JSON.stringify(planStatus(stack, Number(code), log, fs.existsSync(planJson)))}\n`);
  process.exit(0);
}
const dir = args[0];
if (verb !== 'comment' || !dir || !fs.existsSync(dir)) {
  console.error('usage: node scripts/pr-comment.js plan-status STACK EXIT_CODE PLAN_LOG PLAN_JSON | comment DIR');
  process.exit(2);
}
const read = (name) => (fs.existsSync(path.join(dir, name)) ? fs.readFileSync(path.join(dir, name), 'utf8') : undefined);
const stacks = fs.readdirSync(dir)
  .filter((f) => /^plan-.+\.json$/.test(f))
  .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))
  .map((s) => ({ ...s, review: read(`plan-${s.stack}.md`) }));
// The apply order is the order of ailz-stacks.json when the synth output is there; else by name.
let order = [];
try {
  order = JSON.parse(fs.readFileSync(path.join(dir, 'ailz-stacks.json'), 'utf8')).stacks.map((s) => s.stack);
} catch {
  order = [];
}
const rank = (s) => (order.includes(s.stack) ? order.indexOf(s.stack) : order.length);
stacks.sort((a, b) => rank(a) - rank(b) || (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0));
process.stdout.write(buildComment({
  diff: read('diff.md'),
  policy: read('policy.md'),
  stacks,
  plansSkipped: process.env.PLANS_SKIPPED || undefined,
  runUrl: process.env.RUN_URL || undefined,
  commit: process.env.COMMIT || undefined,
}));
