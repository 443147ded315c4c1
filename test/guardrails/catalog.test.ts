/** Catalog lock: ids are stable and never reused; a changed id or severity must be a deliberate edit here. */
import { RULES } from '../../guardrails';
import { RETIRED_RULES } from '../../guardrails/catalog';

test('retired rule ids stay retired: never back in the catalog', () => {
  expect(RETIRED_RULES.map((r) => r.id)).toEqual(['AILZ-PRD-005']);
  for (const r of RETIRED_RULES) expect(RULES.map((x) => x.id)).not.toContain(r.id);
});

test('catalog lock: every rule id and severity', () => {
  expect(RULES.map((r) => [r.id, r.severity])).toEqual([
    ['AILZ-ACR-001', 'error'],
    ['AILZ-ACR-002', 'error'],
    ['AILZ-ACR-003', 'error'],
    ['AILZ-ACR-004', 'error'],
    ['AILZ-ACR-005', 'warning'],
    ['AILZ-ACR-006', 'warning'],
    ['AILZ-APIM-001', 'error'], ['AILZ-APIM-002', 'error'], ['AILZ-APIM-003', 'error'], ['AILZ-APIM-004', 'error'], ['AILZ-APIM-005', 'error'],
    ['AILZ-APIM-006', 'error'], ['AILZ-APIM-007', 'error'], ['AILZ-APIM-008', 'error'], ['AILZ-APIM-009', 'error'], ['AILZ-APIM-010', 'warning'],
    ['AILZ-APPI-001', 'error'],
    ['AILZ-APPI-002', 'error'],
    ['AILZ-DEF-001', 'error'],
    ['AILZ-DEF-002', 'error'],
    ['AILZ-DEF-003', 'warning'],
    ['AILZ-DEF-004', 'error'],
    ['AILZ-DEF-005', 'error'],
    ['AILZ-DEF-006', 'error'],
    ['AILZ-DEF-007', 'warning'],
    ['AILZ-DIAG-001', 'error'],
    ['AILZ-DIAG-002', 'error'],
    ['AILZ-DIAG-003', 'error'],
    ['AILZ-DIAG-004', 'error'],
    ['AILZ-DIAG-005', 'error'],
    ['AILZ-DIAG-006', 'error'],
    ['AILZ-DIAG-007', 'error'],
    ['AILZ-DIAG-008', 'error'],
    ['AILZ-DIAG-009', 'error'],
    ['AILZ-DIAG-010', 'error'],
    ['AILZ-DIAG-011', 'error'],
    ['AILZ-DIAG-012', 'error'],
    ['AILZ-DIAG-013', 'error'],
    ['AILZ-GOV-001', 'error'],
    ['AILZ-GOV-002', 'error'],
    ['AILZ-GOV-003', 'error'],
    ['AILZ-GOV-004', 'error'],
    ['AILZ-GOV-005', 'error'],
    ['AILZ-GOV-006', 'error'],
    ['AILZ-GOV-007', 'warning'],
    ['AILZ-IAM-001', 'error'],
    ['AILZ-IAM-002', 'error'],
    ['AILZ-IAM-003', 'warning'],
    ['AILZ-IAM-004', 'error'],
    ['AILZ-IAM-005', 'warning'],
    ['AILZ-IAM-006', 'error'],
    ['AILZ-IAM-007', 'error'],
    ['AILZ-KV-001', 'error'],
    ['AILZ-KV-002', 'error'],
    ['AILZ-KV-003', 'error'],
    ['AILZ-KV-004', 'error'],
    ['AILZ-KV-005', 'error'],
    ['AILZ-KV-006', 'error'],
    ['AILZ-KV-007', 'error'],
    ['AILZ-KV-008', 'error'],
    ['AILZ-LOG-001', 'error'],
    ['AILZ-LOG-002', 'warning'],
    ['AILZ-ML-001', 'error'],
    ['AILZ-ML-002', 'error'],
    ['AILZ-ML-003', 'error'],
    ['AILZ-ML-004', 'error'],
    ['AILZ-ML-005', 'error'],
    ['AILZ-ML-006', 'error'],
    ['AILZ-ML-007', 'error'],
    ['AILZ-ML-008', 'error'],
    ['AILZ-ML-009', 'error'],
    ['AILZ-ML-010', 'error'],
    ['AILZ-MON-001', 'error'],
    ['AILZ-MON-002', 'error'],
    ['AILZ-MON-003', 'error'],
    ['AILZ-MON-004', 'error'],
    ['AILZ-MON-005', 'error'],
    ['AILZ-MON-006', 'error'],
    ['AILZ-NET-001', 'error'],
    ['AILZ-NET-002', 'error'],
    ['AILZ-NET-003', 'error'],
    ['AILZ-NET-004', 'error'],
    ['AILZ-NET-005', 'error'],
    ['AILZ-NET-006', 'warning'],
    ['AILZ-NET-007', 'warning'],
    ['AILZ-NET-008', 'error'],
    ['AILZ-NET-009', 'error'],
    ['AILZ-NET-010', 'warning'],
    ['AILZ-OAI-001', 'error'],
    ['AILZ-OAI-002', 'error'],
    ['AILZ-OAI-003', 'error'],
    ['AILZ-OAI-004', 'error'],
    ['AILZ-OAI-005', 'error'],
    ['AILZ-OAI-006', 'warning'],
    ['AILZ-OAI-007', 'error'],
    ['AILZ-OAI-008', 'error'],
    ['AILZ-OAI-009', 'error'],
    ['AILZ-OAI-010', 'error'],
    ['AILZ-OAI-011', 'error'],
    ['AILZ-OAI-012', 'error'],
    ['AILZ-OAI-013', 'error'],
    ['AILZ-OAI-014', 'error'],
    ['AILZ-PE-001', 'error'],
    ['AILZ-PE-002', 'error'],
    ['AILZ-PE-003', 'error'],
    ['AILZ-PE-004', 'error'],
    ['AILZ-PE-005', 'error'],
    ['AILZ-PE-006', 'error'],
    ['AILZ-PE-007', 'error'],
    ['AILZ-PRD-001', 'warning'],
    ['AILZ-PRD-002', 'warning'],
    ['AILZ-PRD-003', 'warning'],
    ['AILZ-PRD-004', 'warning'],
    ['AILZ-PRD-006', 'warning'],
    ['AILZ-PRD-007', 'warning'],
    ['AILZ-PRV-001', 'error'],
    ['AILZ-PRV-002', 'error'],
    ['AILZ-PRV-003', 'error'],
    ['AILZ-SRCH-001', 'error'],
    ['AILZ-SRCH-002', 'error'],
    ['AILZ-SRCH-003', 'error'],
    ['AILZ-SRCH-004', 'error'],
    ['AILZ-ST-001', 'error'],
    ['AILZ-ST-002', 'error'],
    ['AILZ-ST-003', 'error'],
    ['AILZ-ST-004', 'error'],
    ['AILZ-ST-005', 'error'],
    ['AILZ-ST-006', 'error'],
    ['AILZ-ST-007', 'error'],
    ['AILZ-ST-008', 'warning'],
    ['AILZ-ST-009', 'warning'],
    ['AILZ-ST-010', 'warning'],
    ['AILZ-ST-011', 'warning'],
    ['AILZ-ST-012', 'warning'],
    ['AILZ-ST-013', 'error'],
    ['AILZ-ST-014', 'error'],
  ]);
});

test('catalog has at least 40 rules, sorted, unique, with complete metadata', () => {
  expect(RULES.length).toBeGreaterThanOrEqual(40);
  const ids = RULES.map((r) => r.id);
  expect([...ids].sort()).toEqual(ids);
  expect(new Set(ids).size).toBe(ids.length);
  for (const r of RULES) {
    expect(r.id).toMatch(/^AILZ-[A-Z]+-\d{3}$/);
    expect(['error', 'warning']).toContain(r.severity);
    expect(['identity', 'network', 'data', 'model-risk', 'governance', 'monitoring']).toContain(r.area);
    expect(r.title.length).toBeGreaterThan(10);
    expect(r.rationale.length).toBeGreaterThan(20);
    expect(r.remediation.length).toBeGreaterThan(10);
  }
});

describe('references', () => {
  test('MCSB and Checkov references are well-formed', () => {
    for (const r of RULES) {
      for (const m of r.references?.mcsb ?? []) expect(m).toMatch(/^(NS|IM|PA|DP|AM|LT|IR|PV|ES|BR|DS|GS)-\d{1,2}$/);
      for (const c of r.references?.checkov ?? []) expect(c).toMatch(/^CKV2?_AZURE_\d+$/);
    }
  });
});
