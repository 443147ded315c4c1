import * as fc from 'fast-check';
import { readFileSync } from 'fs';
import { join } from 'path';
import type { TerraformDocument } from '../../guardrails';
import { buildDiffReport } from '../../review/diff-report';
import { formatDiff } from '../../review/format-diff';
import { GITHUB_COMMENT_LIMIT, MdSection, renderWithinLimit } from '../../review/markdown';

const CHAT = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'plans', 'workload-chat.e3fe400.cdk.tf.json'), 'utf8'));
const OWNER = '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635';

/** 100 workload stacks, and the same with a change to every one: a renamed vault (which replaces what hangs off it), an Owner grant, an open firewall, a model upgrade. */
function hundredWorkloadChange(): { base: TerraformDocument[]; head: TerraformDocument[] } {
  const base: TerraformDocument[] = [];
  const head: TerraformDocument[] = [];
  for (let i = 0; i < 100; i++) {
    const stack = `workload-w${String(i).padStart(3, '0')}`;
    base.push({ stack, json: JSON.parse(JSON.stringify(CHAT)) });
    const text = JSON.stringify(CHAT).split('azurerm_key_vault.Ai_KeyVault_889423B7').join('azurerm_key_vault.Ai_Vault_0000000' + (i % 10));
    const json = JSON.parse(text);
    json.resource.azurerm_key_vault[`Ai_Vault_0000000${i % 10}`] = json.resource.azurerm_key_vault.Ai_KeyVault_889423B7;
    delete json.resource.azurerm_key_vault.Ai_KeyVault_889423B7;
    json.resource.azurerm_role_assignment[`Owner${i}`] = { principal_id: `0000000${i % 10}-0000-4000-8000-000000000000`, principal_type: 'User', role_definition_id: OWNER, scope: '/subscriptions/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' };
    json.resource.azurerm_storage_account.Network_FlowLogStorage_0AB7F5E1.network_rules.default_action = 'Allow';
    for (const d of Object.values<any>(json.resource.azurerm_cognitive_deployment)) d.model.version = `2099-0${1 + (i % 9)}-01`;
    head.push({ stack, json });
  }
  return { base, head };
}

describe('markdown for a pull-request comment', () => {
  it('keeps a 100-workload change within GitHub\'s 65,536-character comment limit, detail folded, nothing cut from the json', () => {
    const { base, head } = hundredWorkloadChange();
    const report = buildDiffReport(base, head);
    const md = formatDiff(report, 'markdown');
    // However GitHub counts characters (UTF-16 units, code points), UTF-8 bytes are never fewer.
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT * 0.8); // the room is used, not thrown away
    expect(md.startsWith('## ❌ ailz diff')).toBe(true);
    // The summary table lists every workload; the findings this change introduces come next, before any folded detail.
    for (let i = 0; i < 100; i++) expect(md).toContain(`| \`workload-w${String(i).padStart(3, '0')}\` |`);
    expect(md.indexOf('### Findings this change introduces')).toBeLessThan(md.indexOf('<details>'));
    expect(md).toMatch(/_… \d+ more not shown: run with `--format json` for everything\._/);
    expect((md.match(/<details/g) ?? []).length).toBe((md.match(/<\/details>/g) ?? []).length);
    // The diagram of the change is in the comment, within its own 20,000-character share.
    const mermaid = /```mermaid\n[\s\S]*?\n```/.exec(md);
    expect(mermaid).not.toBeNull();
    expect(mermaid![0].length).toBeLessThanOrEqual(20_000);
    // The json has everything the comment had to leave out.
    const json = JSON.parse(formatDiff(report, 'json'));
    expect(json.stacks).toHaveLength(100);
    expect(json.findings.filter((f: any) => f.rule === 'AILZ-REV-001')).toHaveLength(300); // vault, key and lock in each workload
    expect(json.findings.filter((f: any) => f.rule === 'AILZ-IAM-001')).toHaveLength(100);
  });

  it('never exceeds the limit and always keeps every heading (property)', () => {
    const section = fc.record({
      head: fc.string({ maxLength: 80 }),
      rows: fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }), { maxLength: 60 }),
      tail: fc.string({ maxLength: 20 }),
    });
    fc.assert(fc.property(fc.array(section, { minLength: 1, maxLength: 8 }), fc.integer({ min: 2_000, max: 20_000 }), (sections: MdSection[], limit) => {
      const out = renderWithinLimit(sections, limit);
      expect(Buffer.byteLength(out, 'utf8')).toBeLessThanOrEqual(limit);
      let at = 0;
      for (const s of sections) {
        const i = out.indexOf(s.head, at);
        expect(i).toBeGreaterThanOrEqual(0);
        at = i + s.head.length;
      }
    }));
  });

  it('shows every row when they fit', () => {
    const out = renderWithinLimit([{ head: 'H\n', rows: ['a\n', 'b\n'], tail: 'T\n' }], 1000);
    expect(out).toBe('H\na\nb\nT\n');
  });
});
