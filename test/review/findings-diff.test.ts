/** Findings that appear, disappear or change severity between the two sides of a change (issue 13), and which of them fail. */
import type { Finding, Severity } from '../../guardrails/types';
import { compareFindings, introducedFindings } from '../../review/findings-diff';

const f = (severity: Severity, extra: Partial<Finding> = {}): Finding => ({
  rule: 'AILZ-KV-002', severity, stack: 'workload-chat', address: 'azurerm_key_vault.kv', message: 'purge_protection_enabled is false; expected true',
  remediation: 'set purge_protection_enabled = true', area: 'data', ...extra,
});

describe('finding changes', () => {
  it('reports a finding whose severity rises as changed, and fails on it', () => {
    const changes = compareFindings([f('warning')], [f('error')]);
    expect(changes).toEqual([{ change: 'changed', before: f('warning'), after: f('error') }]);
    expect(introducedFindings(changes)).toEqual([f('error')]);
  });

  it('reports a finding whose severity falls as changed, without failing', () => {
    const changes = compareFindings([f('error')], [f('warning')]);
    expect(changes.map((c) => c.change)).toEqual(['changed']);
    expect(introducedFindings(changes)).toEqual([]);
  });

  it('reports a finding a new suppression accepts as changed, and one whose suppression is dropped as introduced', () => {
    const suppressed = f('error', { suppressed: { justification: 'accepted until the HSM migration (CHG-7)', expires: '2099-01-01' } });
    expect(introducedFindings(compareFindings([f('error')], [suppressed]))).toEqual([]);
    expect(compareFindings([f('error')], [suppressed]).map((c) => c.change)).toEqual(['changed']);
    expect(introducedFindings(compareFindings([suppressed], [f('error')]))).toEqual([f('error')]);
  });

  it('tells appeared from disappeared, and leaves the same verdict out', () => {
    const other = f('error', { rule: 'AILZ-KV-001', message: 'public network access is enabled' });
    const changes = compareFindings([f('error')], [other]);
    expect(changes.map((c) => [c.change, (c.after ?? c.before)!.rule])).toEqual([['appeared', 'AILZ-KV-001'], ['disappeared', 'AILZ-KV-002']]);
    expect(compareFindings([f('error'), other], [other, f('error')])).toEqual([]);
  });

  it('compares a renamed resource\'s findings under its new address', () => {
    const renames = new Map([['workload-chat\u0000azurerm_key_vault.old', 'azurerm_key_vault.kv']]);
    expect(compareFindings([f('error', { address: 'azurerm_key_vault.old' })], [f('error')], renames)).toEqual([]);
    expect(compareFindings([f('error', { address: 'azurerm_key_vault.old' })], [f('error')]).map((c) => c.change)).toEqual(['appeared', 'disappeared']);
  });
});
