/** `ailz diff` and `ailz review-plan` through the real command: exit codes, messages, formats, temp-dir cleanup. */
import { spawnSync } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ailz, REFERENCE_CONFIG, ROOT, tempDir } from './helpers';
import { ALL_DEFINITIONS, landingZone } from '../policy/fixtures';
import type { TerraformDocument } from '../../guardrails';
import { Command } from 'commander';
import diffCommand from '../../cli/commands/diff';
import reviewPlanCommand from '../../cli/commands/review-plan';

const PLANS = join(ROOT, 'test', 'fixtures', 'plans');
const CHAT = JSON.parse(readFileSync(join(PLANS, 'workload-chat.e3fe400.cdk.tf.json'), 'utf8'));

/** A synth-output-shaped directory holding the given stacks. */
function synthDir(stacks: Record<string, unknown>): string {
  const dir = tempDir();
  for (const [name, json] of Object.entries(stacks)) {
    mkdirSync(join(dir, 'stacks', name), { recursive: true });
    writeFileSync(join(dir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(json));
  }
  return dir;
}

/** A synth output of the given documents. */
function outputOf(docs: readonly TerraformDocument[]): string {
  return synthDir(Object.fromEntries(docs.map((d) => [d.stack, d.json])));
}

/** Policy definitions in the `ailz policy pull` layout (the simulator's test definitions, Azure's GET shape). */
function definitionsDir(): string {
  const dir = tempDir();
  for (const d of ALL_DEFINITIONS) {
    writeFileSync(join(dir, `${d.name}.json`), JSON.stringify({
      id: d.id, name: d.name, type: 'Microsoft.Authorization/policyDefinitions',
      properties: { displayName: d.displayName, policyType: 'Custom', mode: d.mode, parameters: d.parameters, policyRule: d.policyRule },
    }));
  }
  return dir;
}

/** The reference config plus `extra` YAML appended at the top level. */
function configWith(extra: string): string {
  const dir = tempDir();
  const file = join(dir, 'landing-zone.yaml');
  writeFileSync(file, `${readFileSync(REFERENCE_CONFIG, 'utf8')}\n${extra}`);
  return file;
}

describe('ailz review-plan', () => {
  it('exits 1 on a destroyed protected resource and names it', () => {
    const r = ailz(['review-plan', join(PLANS, 'destroyed-vault.plan.json'), '--stack', 'workload-chat']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error AILZ-REV-001 workload-chat/azurerm_key_vault.Ai_KeyVault_889423B7 Key Vault destroyed');
    expect(r.stderr).toBe('');
  });

  it('takes the stack name from the file name, and reports intended removals from --config as accepted', () => {
    const config = configWith([
      'intendedRemovals:',
      '  - { resource: destroyed-vault/azurerm_key_vault.Ai_KeyVault_889423B7, justification: "vault retired with the chat workload (CHG-42)", expires: "2099-01-01" }',
    ].join('\n'));
    const r = ailz(['review-plan', join(PLANS, 'destroyed-vault.plan.json'), '--config', config, '--format', 'json']);
    const j = JSON.parse(r.stdout);
    expect(j.plan.stack).toBe('destroyed-vault');
    const vault = j.findings.find((f: any) => f.address === 'azurerm_key_vault.Ai_KeyVault_889423B7');
    expect(vault.suppressed).toEqual({ justification: 'vault retired with the chat workload (CHG-42)', expires: '2099-01-01' });
  });

  it('rejects an intended removal without a real justification or with a past expiry, as a config error (exit 2)', () => {
    const config = configWith('intendedRemovals:\n  - { resource: a/azurerm_key_vault.x, justification: "because", expires: "2001-01-01" }');
    const r = ailz(['review-plan', join(PLANS, 'destroyed-vault.plan.json'), '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/intendedRemovals\[0\]\.justification: must explain the exception in at least 20 visible characters/);
    expect(r.stderr).toMatch(/intendedRemovals\[0\]\.expires: 2001-01-01 is in the past/);
    expect(r.stdout).toBe('');
  });

  it('reports without failing with --fail-on none, and fails on warnings only with --fail-on warning', () => {
    expect(ailz(['review-plan', join(PLANS, 'destroyed-vault.plan.json'), '--fail-on', 'none']).code).toBe(0);
    // A plan whose only finding is drift (a warning): a resource group retagged outside Terraform.
    const rg = { name: 'rg-x', location: 'swedencentral', tags: { owner: 'a' } };
    const plan = {
      format_version: '1.2',
      resource_changes: [{ address: 'azurerm_resource_group.rg', mode: 'managed', type: 'azurerm_resource_group', name: 'rg', change: { actions: ['update'], before: { ...rg, tags: { owner: 'b' } }, after: rg, after_unknown: {} } }],
      resource_drift: [{ address: 'azurerm_resource_group.rg', mode: 'managed', type: 'azurerm_resource_group', name: 'rg', change: { actions: ['update'], before: rg, after: { ...rg, tags: { owner: 'b' } }, after_unknown: {} } }],
      configuration: { root_module: { resources: [{ address: 'azurerm_resource_group.rg', mode: 'managed', type: 'azurerm_resource_group', name: 'rg', expressions: { name: { constant_value: 'rg-x' } } }] } },
    };
    const dir = tempDir();
    writeFileSync(join(dir, 'tfplan.json'), JSON.stringify(plan));
    // (Run where no .ailz/policy-definitions exists, so the policy simulation stays out of it.)
    const j = JSON.parse(ailz(['review-plan', join(dir, 'tfplan.json'), '--stack-kind', 'generic', '--format', 'json'], dir).stdout);
    expect(j.findings.map((f: any) => `${f.severity} ${f.rule}`)).toEqual(['warning AILZ-REV-002']);
    expect(ailz(['review-plan', join(dir, 'tfplan.json'), '--stack-kind', 'generic'], dir).code).toBe(0);
    expect(ailz(['review-plan', join(dir, 'tfplan.json'), '--stack-kind', 'generic', '--fail-on', 'warning'], dir).code).toBe(1);
  });

  it('rejects an unsupported plan format, a missing file, an unknown format or stack kind with exit 2 and one line', () => {
    const cases: [string[], RegExp][] = [
      [[join(PLANS, 'unsupported-format.plan.json')], /format_version "2\.0" is not supported; ailz reads Terraform's plan JSON format 1\.x/],
      [[join(PLANS, 'nope.plan.json')], /cannot read .*nope\.plan\.json: no such file or directory \(ENOENT\)/],
      [[join(PLANS, 'drift.plan.json'), '--format', 'yaml'], /unknown --format "yaml"; expected one of text, markdown, json, sarif/],
      [[join(PLANS, 'drift.plan.json'), '--stack-kind', 'db'], /unknown --stack-kind "db"/],
      [[join(PLANS, 'workload-chat.e3fe400.cdk.tf.json')], /no format_version: this is not Terraform's plan JSON/],
      [[join(PLANS, 'drift.plan.json'), '--as-of', '2026-13-01'], /--as-of "2026-13-01": expected a date YYYY-MM-DD/],
    ];
    for (const [args, message] of cases) {
      const r = ailz(['review-plan', ...args]);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  it('prints SARIF and markdown', () => {
    const s = ailz(['review-plan', join(PLANS, 'new-owner.plan.json'), '--format', 'sarif']);
    expect(JSON.parse(s.stdout).runs[0].results.some((x: any) => x.ruleId === 'AILZ-IAM-001')).toBe(true);
    const m = ailz(['review-plan', join(PLANS, 'new-owner.plan.json'), '--format', 'markdown']);
    expect(m.stdout).toContain('| + | Owner (8e3af657-a8ff-443c-a75c-2fe8c4bcb635, privileged) | User 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d |');
  });

  it('judges cross-stack rules with the stacks of --governance, and rejects a missing directory', () => {
    const gov = outputOf(landingZone().filter((d) => d.stack === 'governance'));
    expect(ailz(['review-plan', join(PLANS, 'storage-public.plan.json'), '--governance', gov, '--format', 'json']).code).toBe(1);
    const r = ailz(['review-plan', join(PLANS, 'storage-public.plan.json'), '--governance', join(gov, 'missing')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing/);
  });
});

describe('the policy simulation in reviews', () => {
  it('review-plan: the real e3fe400 plan of workload-chat, under the governance assignments, is denied its flow-log storage account (F1)', () => {
    // test/policy/fixtures.ts: the e3fe400 governance shapes (st-no-public-network Deny at contoso-ai, the chat subscription placed below it).
    const r = ailz(['review-plan', join(PLANS, 'workload-chat.plan.json'), '--governance', outputOf(landingZone()), '--policy-definitions', definitionsDir(), '--format', 'json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    const deny = j.findings.filter((f: any) => f.rule.startsWith('AZPOLICY-DENY:'));
    expect(deny.map((f: any) => [f.rule, f.address])).toEqual([['AZPOLICY-DENY:st-no-public-network', 'azurerm_storage_account.Network_FlowLogStorage_0AB7F5E1']]);
    expect(j.notes).toEqual([]);
  });

  it('review-plan and diff say why the simulation did not run when there are no definitions', () => {
    const cwd = tempDir();
    const r = ailz(['review-plan', join(PLANS, 'drift.plan.json'), '--format', 'json'], cwd);
    expect(JSON.parse(r.stdout).notes).toEqual([expect.stringMatching(/^policy simulation: not run \(no policy definitions: \S+\.ailz\/policy-definitions does not exist \(run `ailz policy pull`, or pass --policy-definitions <directory or catalog file>\)\)$/)]);
    const a = outputOf(landingZone());
    expect(JSON.parse(ailz(['diff', a, a, '--format', 'json'], cwd).stdout).notes[0]).toMatch(/^policy simulation: not run \(no policy definitions: /);
  });

  it('diff: a Deny that the change removes (F1 fixed with not_scopes) disappears from the policy findings', () => {
    const r = ailz(['diff', outputOf(landingZone()), outputOf(landingZone({ F1: 'not_scopes' })), '--policy-definitions', definitionsDir(), '--format', 'json']);
    const j = JSON.parse(r.stdout);
    expect(j.policyChanges.filter((c: any) => c.before?.rule?.startsWith('AZPOLICY-DENY:')).map((c: any) => [c.change, c.before.rule, c.before.address])).toEqual([
      ['disappeared', 'AZPOLICY-DENY:st-no-public-network', expect.stringMatching(/^azurerm_storage_account\./)],
    ]);
    expect(j.notes.some((n: string) => n.startsWith('policy simulation'))).toBe(false);
  });
});

describe('ailz diff BASE_DIR HEAD_DIR', () => {
  it('exits 0 and reports no change for identical outputs', () => {
    const a = synthDir({ 'workload-chat': CHAT });
    const r = ailz(['diff', a, a]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ailz diff .* 0 to create, 0 to destroy, 0 to replace, 0 to update/);
  });

  it('exits 1 when the change introduces an error finding, with every format', () => {
    const head = JSON.parse(JSON.stringify(CHAT));
    head.resource.azurerm_role_assignment.BreakGlass = { principal_id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', principal_type: 'User', scope: '/subscriptions/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', role_definition_id: '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635' };
    const a = synthDir({ 'workload-chat': CHAT });
    const b = synthDir({ 'workload-chat': head });
    const t = ailz(['diff', a, b]);
    expect(t.code).toBe(1);
    expect(t.stdout).toContain('+ workload-chat/azurerm_role_assignment.BreakGlass added: Owner (8e3af657-a8ff-443c-a75c-2fe8c4bcb635, privileged) for User 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d at /subscriptions/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f');
    const j = JSON.parse(ailz(['diff', a, b, '--format', 'json']).stdout);
    // Every finding the change introduces is on the new assignment, and it includes the standing Owner (AILZ-IAM-001).
    expect(j.findings.map((f: any) => [f.address, f.evidence.change])).toEqual(j.findings.map(() => ['azurerm_role_assignment.BreakGlass', 'appeared']));
    expect(j.findings.map((f: any) => f.rule)).toContain('AILZ-IAM-001');
    expect(ailz(['diff', a, b, '--format', 'markdown']).stdout).toMatch(/^## ❌ ailz diff/);
    expect(ailz(['diff', a, b, '--fail-on', 'none']).code).toBe(0);
  });

  it('rejects a missing directory, one directory, and both modes at once (exit 2)', () => {
    const a = synthDir({ 'workload-chat': CHAT });
    expect(ailz(['diff', a, join(a, 'nope')])).toMatchObject({ code: 2, stderr: expect.stringMatching(/nope/) });
    expect(ailz(['diff', a])).toMatchObject({ code: 2, stderr: expect.stringMatching(/give two synth output directories/) });
    expect(ailz(['diff', a, a, '--base-ref', 'HEAD'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/either BASE_DIR HEAD_DIR or --base-ref/) });
  });
});

describe('ailz diff --base-ref', () => {
  const git = (cwd: string, ...args: string[]) => {
    const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
    if (r.status !== 0) throw new Error(r.stderr);
  };

  /** A git repository whose committed config has capacity 30 for gpt-4o and whose working tree has 40. */
  function repo(): string {
    const dir = tempDir();
    copyFileSync(REFERENCE_CONFIG, join(dir, 'landing-zone.yaml'));
    git(dir, 'init', '-q');
    git(dir, 'add', 'landing-zone.yaml');
    git(dir, 'commit', '-qm', 'base');
    const text = readFileSync(join(dir, 'landing-zone.yaml'), 'utf8').replace('sku: DataZoneStandard, capacity: 30', 'sku: DataZoneStandard, capacity: 40');
    writeFileSync(join(dir, 'landing-zone.yaml'), text);
    return dir;
  }

  it('synthesizes the config at the revision and the working tree, diffs them, and leaves no temporary directory', () => {
    const dir = repo();
    const tmp = tempDir();
    const r = ailz(['diff', '--base-ref', 'HEAD', '--format', 'json'], dir, { TMPDIR: tmp });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.base).toBe('HEAD:landing-zone.yaml');
    expect(j.stacks.map((s: any) => s.stack)).toEqual(['workload-chat']);
    expect(j.security).toEqual([expect.objectContaining({ category: 'model-risk', path: 'sku.capacity', before: 30, after: 40 })]);
    expect(readdirSync(tmp)).toEqual([]);
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  });

  it('reports a missing revision and a directory outside git as bad input (2), a missing git as the environment (3)', () => {
    const dir = repo();
    const missing = ailz(['diff', '--base-ref', 'no-such-branch'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--base-ref: fatal: .*no-such-branch/);
    const plain = tempDir();
    copyFileSync(REFERENCE_CONFIG, join(plain, 'landing-zone.yaml'));
    const outside = ailz(['diff', '--base-ref', 'HEAD'], plain, { GIT_CEILING_DIRECTORIES: plain });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/is not inside a git repository/);
    const noGit = ailz(['diff', '--base-ref', 'HEAD'], dir, { PATH: '/nonexistent' });
    expect(noGit.code).toBe(3);
    expect(noGit.stderr).toMatch(/git is not installed or not on PATH/);
    const option = ailz(['diff', '--base-ref=--output=/tmp/x'], dir);
    expect(option.code).toBe(2);
  });
});

describe('the CLI reference', () => {
  // The pull-request workflow calls these commands, and its test checks the flags it uses exist: every flag
  // they take is in the README's CLI table, so a renamed or removed flag shows there too.
  it.each([['diff', diffCommand], ['review-plan', reviewPlanCommand]] as const)('documents every flag of ailz %s in its README row', (name, command) => {
    const program = new Command('ailz');
    command.register(program, { io: { out: () => undefined, err: () => undefined }, env: {}, deps: {} }, () => undefined);
    const cmd = program.commands.find((c) => c.name() === name)!;
    const flags = cmd.options.map((o) => o.long!);
    expect(flags.length).toBeGreaterThan(4);
    const row = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').find((l) => l.startsWith(`| \`ailz ${name} `));
    expect(row).toBeDefined();
    const usage = row!.split(' | ')[0];
    expect(flags.filter((f) => !usage.includes(f))).toEqual([]);
  });
});
