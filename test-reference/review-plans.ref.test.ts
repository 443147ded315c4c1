/**
 * `ailz review-plan` on the four real Terraform plans of e3fe400 (`../shared/fixtures/plans/`: Terraform
 * 1.11.4, the real azurerm 4.55.0 provider, every change a create). The repository's fixtures hold only
 * workload-chat's; this reads all four as Terraform and the provider wrote them.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { AZURERM_FORCE_NEW } from '../azure/force-new';
import { parsePlan } from '../plan/read';
import { buildPlanReport } from '../review/plan-report';
import { REFERENCE_DIR } from './reference';

const DIR = join(REFERENCE_DIR, '..', 'fixtures', 'plans');
const STACKS = [['governance', 'governance'], ['platform', 'platform'], ['workload-chat', 'workload'], ['workload-research', 'workload']] as const;
const AS_OF = '2026-11-26';

describe('review-plan on the real e3fe400 plans', () => {
  it.each(STACKS)('%s: every create counted, nothing destroyed, the stack kind inferred, every role named', (stack, kind) => {
    const file = join(DIR, `${stack}.plan.json`);
    expect(existsSync(file)).toBe(true);
    const raw = JSON.parse(readFileSync(file, 'utf8'));
    const report = buildPlanReport(parsePlan(JSON.stringify(raw), file), { stack, asOf: AS_OF });
    const creates = raw.resource_changes.filter((rc: any) => rc.mode === 'managed' && rc.change.actions.join() === 'create').length;
    expect(creates).toBeGreaterThan(10);
    expect(report.counts).toMatchObject({ create: creates, update: 0, replace: 0, delete: 0 });
    expect(report.kind).toBe(kind);
    expect(report.findings.filter((f) => f.rule.startsWith('AILZ-REV-'))).toEqual([]);
    // Every resource type in the plan has its force-new facts, so a later change to it can be judged.
    const types = new Set<string>(raw.resource_changes.map((rc: any) => rc.type).filter((t: string) => t.startsWith('azurerm_')));
    expect([...types].filter((t) => !AZURERM_FORCE_NEW[t])).toEqual([]);
    // ailz assigns built-in roles only: each is shown by name, never as a bare GUID.
    if (kind !== 'platform') expect(report.roleAssignments.length).toBeGreaterThan(0);
    for (const ra of report.roleAssignments) expect(ra.view.role).toMatch(/^[A-Z][^()]* \([0-9a-f-]{36}(, privileged)?\)$|^\(known after apply\)$/);
  });
});
