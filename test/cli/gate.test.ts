import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'fs';
import { join } from 'path';
import { gate } from '../../cli/gate';
import { UserError } from '../../cli/errors';
import { ailz, tempDir, REFERENCE_CONFIG } from './helpers';

/** A synth-shaped directory holding one stack with a Key Vault open to the internet and without purge protection. */
function insecureOutput(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'stacks', 'generic'), { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), '{}');
  writeFileSync(join(dir, 'stacks', 'generic', 'cdk.tf.json'), JSON.stringify({
    resource: { azurerm_key_vault: { kv: { name: 'kv-open', rbac_authorization_enabled: true, purge_protection_enabled: false, public_network_access_enabled: true } } },
  }));
  return dir;
}

const capture = () => {
  const lines: string[] = [];
  return { io: { out: (t: string) => lines.push(t), err: (t: string) => lines.push(t) }, lines };
};

describe('the synth guardrail gate', () => {
  it('fails on an unsuppressed error finding, printing `<rule> <stack>/<address> <message> (fix: ...)`, and writes no findings file', () => {
    const dir = insecureOutput();
    const { io, lines } = capture();
    expect(() => gate(dir, { suppressions: [] }, io)).toThrow(UserError);
    expect(lines.join('\n')).toMatch(/^error: AILZ-KV-\d{3} generic\/azurerm_key_vault\.kv .+ \(fix: .+\)$/m);
    expect(existsSync(join(dir, 'ailz-findings.json'))).toBe(false);
  });

  it('passes when every error is suppressed, and records the suppressed findings with their justification', () => {
    const dir = insecureOutput();
    const first = capture();
    expect(() => gate(dir, { suppressions: [] }, first.io)).toThrow(UserError);
    const rules = [...new Set(first.lines.map((l) => /^error: (AILZ-[A-Z]+-\d+) /.exec(l)?.[1]).filter((r): r is string => !!r))];
    const suppressions = rules.map((rule) => ({ rule, resource: 'generic/azurerm_key_vault.kv', justification: 'legacy vault, migration ticket SEC-1234', expires: '2099-12-31' }));
    const { io, lines } = capture();
    gate(dir, { suppressions }, io);
    const findings = JSON.parse(readFileSync(join(dir, 'ailz-findings.json'), 'utf8'));
    expect(findings.summary.errors).toBe(0);
    expect(findings.findings.filter((f: any) => f.suppressed).map((f: any) => f.suppressed.justification)).toEqual(rules.map(() => 'legacy vault, migration ticket SEC-1234'));
    expect(lines.join('\n')).toMatch(/suppressed/);
  });

  it('warns about a suppression that matches nothing', () => {
    const dir = insecureOutput();
    const { io, lines } = capture();
    const unused = { rule: 'AILZ-ST-001', resource: 'generic/azurerm_storage_account.none', justification: 'this matches no finding at all', expires: '2099-12-31' };
    expect(() => gate(dir, { suppressions: [unused] }, io)).toThrow(UserError);
    expect(lines).toContain('warning: suppression of AILZ-ST-001 for generic/azurerm_storage_account.none matches no finding; remove it from the config');
  });
});

describe('ailz check (the real command)', () => {
  it('exits 1 on error findings and 0 on the reference synth output', () => {
    expect(ailz(['check', '--dir', insecureOutput()]).code).toBe(1);
    const out = join(tempDir(), 'out');
    expect(ailz(['synth', '--config', REFERENCE_CONFIG, '--out', out]).code).toBe(0);
    const r = ailz(['check', '--dir', out, '--format', 'sarif']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).version).toBe('2.1.0');
  });

  it('a config with an unknown suppression rule is a config error naming the suppression', () => {
    const dir = tempDir();
    const file = join(dir, 'lz.yaml');
    writeFileSync(file, readFileSync(REFERENCE_CONFIG, 'utf8').replace('suppressions: []', 'suppressions:\n  - { rule: AILZ-NOPE-999, resource: platform/x.y, justification: a justification that is long enough, expires: 2099-01-01 }'));
    const r = ailz(['synth', '--config', file, '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/lz\.yaml: suppressions\[0\]\.rule: unknown rule "AILZ-NOPE-999"/);
  });

  it('a workload space too small for the subnet plan is a config error with exit 2', () => {
    const dir = tempDir();
    const file = join(dir, 'lz.yaml');
    writeFileSync(file, readFileSync(REFERENCE_CONFIG, 'utf8').replace('addressSpace: 10.1.0.0/23', 'addressSpace: 10.1.0.0/25'));
    const r = ailz(['validate', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/workloads\[0\]\.addressSpace: 10\.1\.0\.0\/25 is too small for the workload subnet plan/);
  });
});
