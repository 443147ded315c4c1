/**
 * The policy simulation through the real CLI: `check --policy`, synth's policy gate, `policy explain`, and
 * suppressions of AZPOLICY findings in the config.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ailz, REFERENCE_CONFIG, tempDir } from './helpers';
import { ALL_DEFINITIONS, landingZone } from '../policy/fixtures';
import { PolicyDefinition } from '../../policy/types';

/** A synth-output directory of the fixture landing zone (e3fe400 shapes). */
function synthDir(): string {
  const dir = tempDir();
  for (const d of landingZone()) {
    mkdirSync(join(dir, 'stacks', d.stack), { recursive: true });
    writeFileSync(join(dir, 'stacks', d.stack, 'cdk.tf.json'), JSON.stringify(d.json));
  }
  return dir;
}

/** A definitions directory in the `policy pull` layout: one file per definition, Azure's GET shape. */
function definitionsDir(defs: readonly PolicyDefinition[] = ALL_DEFINITIONS): string {
  const dir = tempDir();
  for (const d of defs) {
    writeFileSync(join(dir, `${d.name}.json`), JSON.stringify({
      id: d.id, name: d.name, type: 'Microsoft.Authorization/policyDefinitions',
      properties: { displayName: d.displayName, policyType: 'Custom', mode: d.mode, parameters: d.parameters, policyRule: d.policyRule },
    }));
  }
  return dir;
}

describe('ailz check --policy', () => {
  test('without definitions it says so and exits 2, writing no report', () => {
    const cwd = tempDir();
    const r = ailz(['check', '--dir', synthDir(), '--policy'], cwd);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^ailz check --policy: no policy definitions: \S+\.ailz\/policy-definitions does not exist \(run `ailz policy pull`, or pass --policy-definitions <directory or catalog file>\)\n$/);
  });

  test('--policy-definitions without --policy is a usage error', () => {
    const r = ailz(['check', '--dir', synthDir(), '--policy-definitions', definitionsDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--policy-definitions needs --policy/);
  });

  test('the review findings in JSON, with assignment, definition and evidence; exit 1', () => {
    const r = ailz(['check', '--dir', synthDir(), '--policy', '--policy-definitions', definitionsDir(), '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    const deny = out.findings.find((f: any) => f.rule === 'AZPOLICY-DENY:st-no-public-network');
    expect(deny).toMatchObject({ severity: 'error', stack: 'workload-chat', address: 'azurerm_storage_account.flowlogs', assignment: 'st-no-public-network', definition: '/providers/Microsoft.Authorization/policyDefinitions/test-storage-public', suppressible: false, area: 'governance' });
    expect(deny.evidence).toMatchObject({ outcome: 'deny', effect: 'deny', resourceType: 'Microsoft.Storage/storageAccounts' });
    expect(out.findings.filter((f: any) => f.rule.startsWith('AZPOLICY-')).map((f: any) => f.rule).sort()).toEqual([
      'AZPOLICY-DENY:st-no-public-network', 'AZPOLICY-DINE:defender-arm', 'AZPOLICY-DINE:defender-key-vault', 'AZPOLICY-DINE:defender-storage',
      'AZPOLICY-DINE:diag-cognitive', 'AZPOLICY-DINE:diag-cognitive',
    ]);
  });

  test('SARIF carries one rule per AZPOLICY rule ID', () => {
    const r = ailz(['check', '--dir', synthDir(), '--policy', '--policy-definitions', definitionsDir(), '--format', 'sarif']);
    const run = JSON.parse(r.stdout).runs[0];
    const ids = run.tool.driver.rules.map((x: any) => x.id);
    for (const res of run.results) expect(ids[res.ruleIndex]).toBe(res.ruleId);
    expect(ids).toContain('AZPOLICY-DENY:st-no-public-network');
  });

  test('invalid definitions are a usage error naming the file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.json'), '{');
    const r = ailz(['check', '--dir', synthDir(), '--policy', '--policy-definitions', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ailz: --policy-definitions: \S+broken\.json: not valid JSON/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('the cache beside the config is used when no path is given', () => {
    const cwd = tempDir();
    const cache = join(cwd, '.ailz', 'policy-definitions');
    mkdirSync(join(cwd, '.ailz'));
    const src = definitionsDir();
    mkdirSync(cache);
    for (const d of ALL_DEFINITIONS) writeFileSync(join(cache, `${d.name}.json`), readFileSync(join(src, `${d.name}.json`)));
    writeFileSync(join(cwd, 'landing-zone.yaml'), readFileSync(REFERENCE_CONFIG));
    const r = ailz(['check', '--dir', synthDir(), '--policy', '--config', join(cwd, 'landing-zone.yaml')], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^AZPOLICY-DENY:st-no-public-network workload-chat\/azurerm_storage_account\.flowlogs /m);
  });
});

describe('ailz policy explain', () => {
  test('prints the trace of one assignment on one resource, condition by condition', () => {
    const r = ailz(['policy', 'explain', '--assignment', 'st-no-public-network', '--resource', 'workload-chat/azurerm_storage_account.flowlogs', '--dir', synthDir(), '--policy-definitions', definitionsDir()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('assignment st-no-public-network at /providers/microsoft.management/managementgroups/contoso-ai');
    expect(r.stdout).toMatch(/true {4}if\.allOf\[1\]  field Microsoft\.Storage\/storageAccounts\/publicNetworkAccess = "Enabled" notEquals "Disabled"/);
    expect(r.stdout).toContain('=> if is true: effect deny');
  });

  test('an unknown assignment or resource is a usage error listing what exists', () => {
    const defs = definitionsDir();
    const dir = synthDir();
    const a = ailz(['policy', 'explain', '--assignment', 'nope', '--resource', 'workload-chat/azurerm_storage_account.flowlogs', '--dir', dir, '--policy-definitions', defs]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/no assignment named "nope" \(known: defender-arm, defender-key-vault, defender-storage, diag-cognitive, st-no-public-network\)/);
    const b = ailz(['policy', 'explain', '--assignment', 'st-no-public-network', '--resource', 'workload-chat/azurerm_storage_account.nope', '--dir', dir, '--policy-definitions', defs]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/no resource workload-chat\/azurerm_storage_account\.nope/);
  });
});

describe('synth policy gate', () => {
  test('a Deny on ailz\'s own resources fails the synth and nothing is written', () => {
    // Written for the test under the ID of the definition ailz assigns as `kv-rbac`: deny every key vault.
    const denyVaults: PolicyDefinition = {
      ...ALL_DEFINITIONS[0], id: '/providers/Microsoft.Authorization/policyDefinitions/12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5', name: '12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5',
      displayName: 'Deny every key vault (test)', policyRule: { if: { field: 'type', equals: 'Microsoft.KeyVault/vaults' }, then: { effect: "[parameters('effect')]" } },
    };
    const out = join(tempDir(), 'out');
    const r = ailz(['synth', '--config', REFERENCE_CONFIG, '--out', out, '--policy-definitions', definitionsDir([denyVaults])]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: AZPOLICY-DENY:kv-rbac workload-chat\/azurerm_key_vault\.\S+ Azure would refuse this Microsoft\.KeyVault\/vaults \(RequestDisallowedByPolicy\)/m);
    expect(r.stderr).toMatch(/an Azure Policy Deny needs a policyExemptions entry\); nothing was written/);
    expect(existsSync(out)).toBe(false);
  });

  test('a Deny cannot be suppressed in the config; other AZPOLICY findings can', () => {
    const dir = tempDir();
    const base = readFileSync(REFERENCE_CONFIG, 'utf8').replace(/^suppressions: \[\]$/m, '');
    const withSuppression = (rule: string) => {
      const file = join(dir, `lz-${rule.replace(/[^a-z0-9]/gi, '')}.yaml`);
      writeFileSync(file, `${base}\nsuppressions:\n  - rule: ${rule}\n    resource: workload-chat/azurerm_key_vault.x\n    justification: accepted for the pilot until the exemption is approved\n    expires: "2099-01-01"\n`);
      return file;
    };
    const deny = ailz(['validate', '--config', withSuppression('AZPOLICY-DENY:kv-rbac')]);
    expect(deny.code).toBe(2); // an invalid config: usage or invalid input (README "Exit codes")
    expect(deny.stderr).toMatch(/suppressions\[0\]\.rule: AZPOLICY-DENY:kv-rbac cannot be suppressed: an Azure Policy Deny refuses the resource whatever ailz reports; add a policyExemptions entry for the assignment instead/);
    expect(ailz(['validate', '--config', withSuppression('AZPOLICY-DINE:diag-key-vault')]).code).toBe(0);
    expect(ailz(['validate', '--config', withSuppression('AZPOLICY-NOPE:x')]).stderr).toMatch(/unknown rule "AZPOLICY-NOPE:x"/);
  });
});
