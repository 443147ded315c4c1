/**
 * The scheduled assessment (.github/workflows/assess.yml) uses the same pinned actions as the pipeline:
 * every `uses:` is a full commit SHA with its release tag beside it, listed in README "Pipeline"'s pin table
 * (test/workflows checks actionlint and the ailz invocations of every workflow; this adds the pins of this one).
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const workflow = readFileSync(join(ROOT, '.github', 'workflows', 'assess.yml'), 'utf8');

describe('assess.yml', () => {
  it('pins every action to a commit README "Pipeline" lists, with its tag beside it', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('<!-- action-pins:start -->'), readme.indexOf('<!-- action-pins:end -->'));
    const listed = new Map([...table.matchAll(/^\| `([^`]+)` \| (v[\d.]+) \| `([0-9a-f]{40})` \|$/gm)].map((m) => [m[1], { tag: m[2], sha: m[3] }]));
    const steps = Object.values((parse(workflow) as { jobs: Record<string, { steps?: { uses?: string }[] }> }).jobs).flatMap((j) => j.steps ?? []);
    const lines = workflow.split('\n').filter((l) => /^\s*-?\s*uses:/.test(l));
    expect(lines.length).toBe(steps.filter((s) => s.uses).length);
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const line of lines) {
      const m = /uses: ([^@\s]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/.exec(line.trim());
      expect({ line, pinned: !!m }).toEqual({ line, pinned: true });
      expect({ action: m![1], pin: listed.get(m![1]) }).toEqual({ action: m![1], pin: { tag: m![3], sha: m![2] } });
    }
  });

  it('installs the npm that honours --strict-allow-scripts before npm ci, as the pipeline does', () => {
    const run = workflow.slice(workflow.indexOf('npm install --global'));
    expect(workflow).toMatch(/NPM_VERSION: '11\.\d+\.\d+'/);
    expect(run.indexOf('npm install --global "npm@$NPM_VERSION"')).toBe(0);
    expect(run).toMatch(/^npm install --global[^\n]*\n\s*npm ci --strict-allow-scripts/);
  });
});
