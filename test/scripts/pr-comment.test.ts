/**
 * The pipeline's pull-request comment (scripts/pr-comment.ts and its command line): one comment, found by its
 * marker, within GitHub's size limit whatever the reports weigh, saying what did not run.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import fc from 'fast-check';
import { buildComment, COMMENT_BUDGET_BYTES, COMMENT_MARKER, cutAtLine, planStatus } from '../../scripts/pr-comment';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('buildComment', () => {
  it('starts with the marker, lists every stack\'s plan status, then diff, policy and each review', () => {
    const text = buildComment({
      diff: '#### diff body', policy: '#### policy body', commit: 'abc123', runUrl: 'https://example.invalid/run/1',
      stacks: [
        { stack: 'governance', status: 'planned', detail: '3 to add, 0 to change, 0 to destroy', review: 'review of governance' },
        { stack: 'workload-chat', status: 'waiting', detail: 'platform is not applied yet | x' },
        { stack: 'platform', status: 'failed', detail: 'ailz plan exited 5: see the job log' },
      ],
    });
    expect(text.split('\n')[0]).toBe(COMMENT_MARKER);
    expect(text).toContain('| `governance` | planned: 3 to add, 0 to change, 0 to destroy |');
    expect(text).toContain('| `workload-chat` | waiting: platform is not applied yet \\| x |');
    expect(text).toContain('| `platform` | **failed**: ailz plan exited 5: see the job log |');
    const order = ['### Change review', '### Policy simulation', '### Plan review: `governance`'].map((t) => text.indexOf(t));
    expect(order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1]))).toBe(true);
    expect(text).not.toContain('Plan review: `workload-chat`');
  });

  it('says so when nothing was planned, and when diff or the policy simulation left no report: never an empty pass', () => {
    const text = buildComment({ stacks: [], plansSkipped: 'The repository has no Azure variables (AZURE_CLIENT_ID, AZURE_TENANT_ID).' });
    expect(text).toContain('**terraform plan: not run.** The repository has no Azure variables');
    expect(text).toContain('_`ailz diff` did not run; see the workflow run._');
    expect(text).toContain('_The policy simulation did not run; see the workflow run._');
  });

  it('stays within GitHub\'s limit for any reports, cutting each section at a line and pointing at the artifacts', () => {
    fc.assert(fc.property(
      fc.array(fc.string({ unit: 'grapheme', maxLength: 200 }), { maxLength: 400 }),
      fc.integer({ min: 0, max: 6 }),
      (lines, n) => {
        const big = lines.join('\n').repeat(20);
        const text = buildComment({
          diff: big, policy: big, runUrl: 'https://example.invalid/run/1',
          stacks: Array.from({ length: n }, (_, i) => ({ stack: `workload-${i}`, status: 'planned' as const, detail: 'x', review: big })),
        });
        expect(bytes(text)).toBeLessThanOrEqual(COMMENT_BUDGET_BYTES);
        expect(text.startsWith(COMMENT_MARKER)).toBe(true);
        if (bytes(big) * 3 > COMMENT_BUDGET_BYTES) expect(text).toContain('the full report is in the workflow run\'s artifacts (https://example.invalid/run/1)');
      },
    ), { numRuns: 40 });
  });

  it('closes a code fence it cuts through', () => {
    const body = ['intro', '```hcl', ...Array.from({ length: 50 }, (_, i) => `line ${i}`), '```', 'after'].join('\n');
    const cut = cutAtLine(body, 100);
    expect(cut.split('\n').filter((l) => l.startsWith('```'))).toHaveLength(2);
    expect(bytes(cut)).toBeLessThanOrEqual(100);
  });
});

describe('node scripts/pr-comment.js comment DIR', () => {
  it('reads the reports the jobs leave and orders the stacks as ailz-stacks.json does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ailz-reports-'));
    writeFileSync(join(dir, 'diff.md'), 'DIFF');
    writeFileSync(join(dir, 'ailz-stacks.json'), JSON.stringify({ schemaVersion: 1, stacks: [{ stack: 'governance' }, { stack: 'platform' }, { stack: 'workload-chat' }] }));
    for (const [stack, status] of [['workload-chat', 'waiting'], ['governance', 'planned'], ['platform', 'planned']]) {
      writeFileSync(join(dir, `plan-${stack}.json`), JSON.stringify({ stack, status, detail: `${stack} detail` }));
    }
    writeFileSync(join(dir, 'plan-platform.md'), 'PLATFORM REVIEW');
    const r = spawnSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'pr-comment.js'), 'comment', dir], {
      encoding: 'utf8', env: { ...process.env, RUN_URL: 'https://example.invalid/run/2', COMMIT: 'deadbeef' },
    });
    expect(r.status).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows).toEqual(['| `governance` | planned: governance detail |', '| `platform` | planned: platform detail |', '| `workload-chat` | waiting: workload-chat detail |']);
    expect(r.stdout).toContain('### Plan review: `platform`\n\nPLATFORM REVIEW');
    expect(r.stdout).toContain('For deadbeef ([workflow run](https://example.invalid/run/2)).');
  });
});

describe('planStatus: one plan job\'s result, read from the real progress lines of ailz plan', () => {
  // The runner's own output (deploy/runner.ts with the stand-in terraform): the lines the pipeline reads.
  const { project, run } = require('../deploy/helpers') as typeof import('../deploy/helpers');
  jest.setTimeout(120_000);

  it('planned, with terraform\'s counts; waiting, with what it waits for; failed, with the command and its exit code', async () => {
    const p = project();
    const planned = await run(p, 'plan', { stacks: ['governance'] });
    expect(planStatus('governance', 0, planned.lines.join('\n'), true)).toEqual({ stack: 'governance', status: 'planned', detail: '3 to add, 1 to change, 1 to destroy' });
    const waiting = await run(p, 'plan', { stacks: ['workload-chat'] });
    expect(planStatus('workload-chat', 0, waiting.lines.join('\n'), false)).toEqual({
      stack: 'workload-chat', status: 'waiting', detail: waiting.result!.stacks[0].detail.replace(/^waiting: /, ''),
    });
    const failed = await run(p, 'plan', { stacks: ['platform'], env: { FAKE_TF_FAIL: 'plan:platform', FAKE_TF_FAIL_CODE: '1' } });
    expect(planStatus('platform', 5, failed.lines.join('\n'), false)).toEqual({ stack: 'platform', status: 'failed', detail: 'terraform plan (exit 1)' });
    expect(planStatus('platform', 3, 'ailz: terraform not found on PATH', false)).toEqual({ stack: 'platform', status: 'failed', detail: 'ailz plan exited 3: see the job log' });
  });
});
