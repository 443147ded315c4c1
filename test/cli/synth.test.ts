import { existsSync, mkdirSync, readFileSync, writeFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { ailz, POLICY_GATE_OFF, readTree, REFERENCE_CONFIG, tempDir } from './helpers';
import { catalogAgeStderr, TEST_AS_OF } from '../as-of';

const badConfig = (dir: string) => {
  const file = join(dir, 'bad.yaml');
  const text = readFileSync(REFERENCE_CONFIG, 'utf8')
    .replace('addressSpace: 10.2.0.0/22', 'addressSpace: 10.1.1.0/24')
    .replace('prefix: contoso', 'prefix: Contoso');
  writeFileSync(file, text);
  return file;
};

describe('ailz synth', () => {
  it('writes every stack and is byte-identical across runs', () => {
    const dir = tempDir();
    const a = ailz(['synth', '--config', REFERENCE_CONFIG, '--out', join(dir, 'a'), '--as-of', TEST_AS_OF]);
    const b = ailz(['synth', '--config', REFERENCE_CONFIG, '--out', join(dir, 'b'), '--as-of', TEST_AS_OF]);
    // No finding; only the model catalog's age, when it is older than 180 days on that date, and (no policy
    // definitions beside the reference config: `.ailz/` is git-ignored) that the policy gate did not run.
    expect(a.stderr).toBe(catalogAgeStderr() + POLICY_GATE_OFF);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const treeA = readTree(join(dir, 'a'));
    expect(Object.keys(treeA)).toEqual(expect.arrayContaining([
      'manifest.json',
      'stacks/governance/cdk.tf.json',
      'stacks/platform/cdk.tf.json',
      'stacks/workload-chat/cdk.tf.json',
      'stacks/workload-research/cdk.tf.json',
    ]));
    expect(readTree(join(dir, 'b'))).toEqual(treeA);
    // no temporary directories left beside the output
    expect(readdirSync(dir).sort()).toEqual(['a', 'b']);
  });

  it('fails with exit 2 (invalid input), names each problem with its path, and writes nothing', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const r = ailz(['synth', '--config', badConfig(dir), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml: organization\.prefix: must match/);
    expect(r.stderr).toMatch(/bad\.yaml: workloads\[1\]\.addressSpace: 10\.1\.1\.0\/24 overlaps workloads\[0\] "chat" \(10\.1\.0\.0\/23\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(['bad.yaml']);
  });

  it('leaves an existing output untouched on failure', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    expect(ailz(['synth', '--config', REFERENCE_CONFIG, '--out', out]).code).toBe(0);
    const before = readTree(out);
    expect(ailz(['synth', '--config', badConfig(dir), '--out', out]).code).toBe(2);
    expect(readTree(out)).toEqual(before);
  });

  it('refuses to replace a directory that is not a synth output (exit 2)', () => {
    const dir = tempDir();
    const out = join(dir, 'precious');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'keep me');
    const r = ailz(['synth', '--config', REFERENCE_CONFIG, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to replace a non-empty directory/);
    expect(readTree(out)).toEqual({ 'notes.txt': 'keep me' });
  });

  it('reports a missing config file with exit 2', () => {
    const r = ailz(['synth', '--config', '/nonexistent/lz.yaml', '--out', join(tempDir(), 'o')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/nonexistent\/lz\.yaml: \(root\): file not found/);
  });

  it('uses landing-zone.yaml and cdktf.out by default', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'landing-zone.yaml'), readFileSync(REFERENCE_CONFIG, 'utf8'));
    const r = ailz(['synth'], dir);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'cdktf.out', 'stacks', 'platform', 'cdk.tf.json'))).toBe(true);
  });

  it('the cdktf app command (main.ts) gives the same output, reading LANDING_ZONE_CONFIG', () => {
    const dir = tempDir();
    expect(ailz(['synth', '--config', REFERENCE_CONFIG, '--out', join(dir, 'cli')]).code).toBe(0);
    const { spawnSync } = require('child_process');
    const app = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdktf.json'), 'utf8')).app as string;
    const r = spawnSync('sh', ['-c', app], {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, LANDING_ZONE_CONFIG: REFERENCE_CONFIG, CDKTF_OUTDIR: join(dir, 'app') },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(readTree(join(dir, 'app'))).toEqual(readTree(join(dir, 'cli')));
  });
});

describe('ailz synth --hcl (and cdktf synth --hcl)', () => {
  it('writes HCL stacks after the guardrails judged the JSON form', () => {
    const dir = tempDir();
    const r = ailz(['synth', '--config', REFERENCE_CONFIG, '--out', join(dir, 'hcl'), '--hcl']);
    expect(r.code).toBe(0);
    const tree = readTree(join(dir, 'hcl'));
    expect(Object.keys(tree)).toEqual(expect.arrayContaining(['stacks/platform/cdk.tf', 'ailz-findings.json', 'manifest.json']));
    expect(Object.keys(tree).some((f) => f.endsWith('cdk.tf.json'))).toBe(false);
    expect(tree['stacks/platform/cdk.tf']).toMatch(/version = "4\.55\.0"/);
    expect(JSON.parse(tree['ailz-findings.json']).summary.errors).toBe(0);
  });

  it('the cdktf app honours SYNTH_HCL_OUTPUT as cdktf-cli sets it', () => {
    const dir = tempDir();
    const { spawnSync } = require('child_process');
    const app = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdktf.json'), 'utf8')).app as string;
    const r = spawnSync('sh', ['-c', app], {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, LANDING_ZONE_CONFIG: REFERENCE_CONFIG, CDKTF_OUTDIR: join(dir, 'app'), SYNTH_HCL_OUTPUT: 'true' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, 'app', 'stacks', 'governance', 'cdk.tf'))).toBe(true);
  });
});

describe('ailz validate and schema', () => {
  it('validate accepts the reference config', () => {
    const r = ailz(['validate', '--config', REFERENCE_CONFIG]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/is valid \(2 workloads\)/);
  });

  it('validate rejects a bad config with the same messages as synth', () => {
    const dir = tempDir();
    const r = ailz(['validate', '--config', badConfig(dir)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml: organization\.prefix: must match/);
  });

  it('schema prints the committed JSON Schema', () => {
    const r = ailz(['schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(join(__dirname, '..', '..', 'config', 'landing-zone.schema.json'), 'utf8')));
  });

  it('an unknown command or option is a usage error (exit 2)', () => {
    expect(ailz(['frobnicate']).code).toBe(2);
    expect(ailz(['synth', '--bogus']).code).toBe(2);
  });

  it('--version prints the package version and exits 0', () => {
    const r = ailz(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version);
  });

  it('--help exits 0', () => {
    const r = ailz(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/synth/);
  });
});
