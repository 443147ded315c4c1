/**
 * Reading the stack graph of a synth output: what synth writes (manifest.json, ailz-stacks.json, the stacks'
 * backends and provider pins), and every way an output can be unusable.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { readSynthOutput, selectStacks } from '../../deploy';
import { fsError } from '../../deploy/synth-output';
import { project, run, steps, synthOutput } from './helpers';

jest.setTimeout(120_000);

const copy = () => {
  const root = mkdtempSync(join(tmpdir(), 'ailz-out-'));
  cpSync(synthOutput('local'), join(root, 'cdktf.out'), { recursive: true });
  return root;
};
const edit = (file: string, f: (doc: any) => void) => {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  f(doc);
  writeFileSync(file, JSON.stringify(doc));
};

describe('readSynthOutput', () => {
  it('reads the reference output: apply order, dependencies, lookups, local backend beside the output, exact provider pins', () => {
    const root = copy();
    const out = readSynthOutput('cdktf.out', root);
    expect(out.orderSource).toBe('ailz-stacks.json');
    expect(out.root).toBe(root);
    expect(out.stacks.map((s) => s.name)).toEqual(['governance', 'platform', 'workload-chat', 'workload-research']);
    const research = out.stacks[3];
    expect(research.dir).toBe(join(root, 'cdktf.out', 'stacks', 'workload-research'));
    expect(research.dependsOn).toEqual(['governance', 'platform']);
    // The vended subscription's alias (governance), the platform workspace and the shared AI gateway's identity (platform).
    expect(research.predecessorLookups!.map((l) => l.stack)).toEqual(['governance', 'platform', 'platform']);
    expect(research.backend).toEqual({ type: 'local', path: '../../../terraform.workload-research.tfstate' });
    expect(research.providerPins).toEqual({ 'registry.terraform.io/hashicorp/azurerm': '4.55.0', 'registry.terraform.io/azure/azapi': '2.12.0' });
    expect(research.requiredVersion).toBe('>= 1.8.0');
  });

  it('resolves a symlinked output as Terraform does: local state and .ailz/ sit beside the target', () => {
    const root = copy();
    const elsewhere = mkdtempSync(join(tmpdir(), 'ailz-link-'));
    symlinkSync(join(root, 'cdktf.out'), join(elsewhere, 'out'));
    const out = readSynthOutput('out', elsewhere);
    expect(out.root).toBe(root);
  });

  it('says "run ailz synth first" for a missing output or a directory that is not one (usage)', () => {
    const root = mkdtempSync(join(tmpdir(), 'ailz-none-'));
    expect(() => readSynthOutput('cdktf.out', root)).toThrow(expect.objectContaining({
      kind: 'usage', message: 'no synth output at cdktf.out: run `ailz synth` first (plan and apply never synthesize)',
    }));
    mkdirSync(join(root, 'cdktf.out'));
    expect(() => readSynthOutput('cdktf.out', root)).toThrow(expect.objectContaining({
      kind: 'usage', message: '--out cdktf.out is not a synth output (no manifest.json): run `ailz synth` first',
    }));
  });

  it('refuses an order file from a newer ailz, or one that disagrees with the manifest', () => {
    const cases: [(doc: any) => void, RegExp][] = [
      [(d) => { d.schemaVersion = 2; }, /schemaVersion 2 was written by a newer ailz/],
      [(d) => { d.stacks.reverse(); }, /stack workload-research comes before its dependency governance/],
      [(d) => { d.stacks.pop(); }, /no entry for workload-research/],
      [(d) => { d.stacks[2].predecessorLookups[0].stack = 'nowhere'; }, /workload-chat\.predecessorLookups\[0\] must name a stack of the output/],
    ];
    for (const [change, message] of cases) {
      const root = copy();
      edit(join(root, 'cdktf.out', 'ailz-stacks.json'), change);
      expect(() => readSynthOutput('cdktf.out', root)).toThrow(expect.objectContaining({ kind: 'usage', message: expect.stringMatching(message) }));
    }
  });

  it('refuses invalid JSON, a dependency cycle and a working directory outside the output', () => {
    const bad = copy();
    writeFileSync(join(bad, 'cdktf.out', 'manifest.json'), '{');
    expect(() => readSynthOutput('cdktf.out', bad)).toThrow(expect.objectContaining({ kind: 'usage', message: expect.stringMatching(/manifest\.json: not valid JSON/) }));
    const cycle = copy();
    rmSync(join(cycle, 'cdktf.out', 'ailz-stacks.json'));
    edit(join(cycle, 'cdktf.out', 'manifest.json'), (m) => { m.stacks.governance.dependencies = ['workload-chat']; });
    expect(() => readSynthOutput('cdktf.out', cycle)).toThrow(expect.objectContaining({ message: expect.stringMatching(/form a cycle/) }));
    const escape = copy();
    edit(join(escape, 'cdktf.out', 'manifest.json'), (m) => { m.stacks.platform.workingDirectory = '../../etc'; });
    expect(() => readSynthOutput('cdktf.out', escape)).toThrow(expect.objectContaining({ message: expect.stringMatching(/leaves the output directory/) }));
  });

  it('names the file and the cause when a file cannot be read: permissions are the machine\'s problem (environment), the rest the input\'s', () => {
    const root = copy();
    rmSync(join(root, 'cdktf.out', 'manifest.json'));
    mkdirSync(join(root, 'cdktf.out', 'manifest.json'));
    expect(() => readSynthOutput('cdktf.out', root)).toThrow(expect.objectContaining({ kind: 'usage', message: expect.stringMatching(/^cannot read cdktf\.out\/manifest\.json: EISDIR/) }));
    const denied = Object.assign(new Error('EACCES: permission denied, open \'x\''), { code: 'EACCES' });
    expect(fsError(denied, 'read', 'cdktf.out/manifest.json')).toMatchObject({ kind: 'environment', message: "cannot read cdktf.out/manifest.json: EACCES: permission denied, open 'x'" });
  });

  it('orders a foreign cdktf output (no ailz-stacks.json) by its manifest, and then waits on every dependency', async () => {
    const p = project();
    rmSync(join(p.root, 'cdktf.out', 'ailz-stacks.json'));
    const out = readSynthOutput('cdktf.out', p.root);
    expect(out.orderSource).toBe('manifest.json');
    expect(out.stacks.map((s) => s.name)).toEqual(['governance', 'platform', 'workload-chat', 'workload-research']);
    expect(out.stacks[1].predecessorLookups).toBeUndefined();
    // Without the lookups, even platform's plan waits for governance: the runner cannot tell what it reads.
    const { result } = await run(p, 'plan', { stacks: ['platform'] });
    expect(result!.stacks[0].detail).toBe('waiting: governance is not applied yet (no state file at terraform.governance.tfstate); apply governance first');
    expect(steps(p.calls())).toEqual(['version']);
  });

  it('reads the backend of an HCL output (synth --hcl)', () => {
    const root = copy();
    const dir = join(root, 'cdktf.out', 'stacks', 'platform');
    rmSync(join(dir, 'cdk.tf.json'));
    writeFileSync(join(dir, 'cdk.tf'), 'terraform {\n  required_version = ">= 1.8.0"\n  backend "local" {\n    path = "../../../terraform.platform.tfstate"\n  }\n}\n');
    const platform = readSynthOutput('cdktf.out', root).stacks[1];
    expect(platform).toMatchObject({ backend: { type: 'local', path: '../../../terraform.platform.tfstate' }, requiredVersion: '>= 1.8.0', providersKnown: false });
  });
});

describe('selectStacks', () => {
  it('keeps apply order whatever the order of --stack, ignores repeats, and names the stacks there are for an unknown one', () => {
    const out = readSynthOutput('cdktf.out', copy());
    expect(selectStacks(out, ['workload-chat', 'governance', 'workload-chat']).map((s) => s.name)).toEqual(['governance', 'workload-chat']);
    expect(selectStacks(out, []).map((s) => s.name)).toHaveLength(4);
    expect(() => selectStacks(out, ['workload-nope', 'platform'])).toThrow(expect.objectContaining({
      kind: 'usage',
      message: '--stack workload-nope: no such stack in cdktf.out (stacks: governance, platform, workload-chat, workload-research)',
    }));
  });
});
