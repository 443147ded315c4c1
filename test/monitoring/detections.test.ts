import { DETECTIONS, DETECTION_THREATS, mitreProblems, renderDetectionDescription, renderDetectionQuery, renderDetectionTable } from '../../catalog/detections';
import { KUSTO_SCHEMAS } from '../../azure/log-analytics-tables';
import { analyzeKql } from './kusto-validator';

// Allowed values of azurerm_sentinel_alert_rule_scheduled (hashicorp/terraform-provider-azurerm
// website/docs/r/sentinel_alert_rule_scheduled.html.markdown, azurerm 4.x).
const SENTINEL_TACTICS = [
  'Collection', 'CommandAndControl', 'CredentialAccess', 'DefenseEvasion', 'Discovery', 'Execution', 'Exfiltration',
  'ImpairProcessControl', 'InhibitResponseFunction', 'Impact', 'InitialAccess', 'LateralMovement', 'Persistence',
  'PrivilegeEscalation', 'PreAttack', 'Reconnaissance', 'ResourceDevelopment',
];
// Entity identifiers per type (learn.microsoft.com/azure/sentinel/entities-reference).
const ENTITY_IDENTIFIERS: Record<string, string[]> = {
  Account: ['Name', 'FullName', 'NTDomain', 'DnsDomain', 'UPNSuffix', 'Sid', 'AadTenantId', 'AadUserId', 'PUID', 'IsDomainJoined', 'DisplayName', 'ObjectGuid'],
  AzureResource: ['ResourceId'],
  CloudApplication: ['AppId', 'Name', 'InstanceName'],
  IP: ['Address', 'AddressScope'],
  URL: ['Url'],
};
const ISO_DURATION = /^P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?)?$/;

function minutes(iso: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso)!;
  return Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

const ALLOW_LIST = ['11111111-2222-3333-4444-555555555555', 'deployer@contoso.com'];

describe('detection catalog', () => {
  it('keeps its ids stable (a rename destroys and recreates the Sentinel rule)', () => {
    expect(DETECTIONS.map((d) => d.id)).toEqual([
      'ailz-det-001', 'ailz-det-002', 'ailz-det-003', 'ailz-det-004', 'ailz-det-005', 'ailz-det-006', 'ailz-det-007',
      'ailz-det-008', 'ailz-det-009', 'ailz-det-010', 'ailz-det-011', 'ailz-det-012', 'ailz-det-013', 'ailz-det-014',
      'ailz-det-015', 'ailz-det-016', 'ailz-det-017', 'ailz-det-018',
    ]);
    expect(new Set(DETECTIONS.map((d) => d.id)).size).toBe(DETECTIONS.length);
    expect(new Set(DETECTIONS.map((d) => d.displayName)).size).toBe(DETECTIONS.length);
  });

  it('covers every threat category of issue 7', () => {
    for (const threat of DETECTION_THREATS) {
      expect(DETECTIONS.filter((d) => d.threat === threat).length).toBeGreaterThan(0);
    }
  });

  it('covers the signals issue 7 names', () => {
    const all = DETECTIONS.map((d) => d.query).join('\n');
    for (const needle of [
      'series_decompose_anomalies', '"RequestResponse"', 'TokenTransaction', 'ResultSignature startswith "4"',
      'MICROSOFT.COGNITIVESERVICES/ACCOUNTS/WRITE', 'MICROSOFT.COGNITIVESERVICES/ACCOUNTS/DEPLOYMENTS/WRITE',
      'MICROSOFT.COGNITIVESERVICES/ACCOUNTS/RAIPOLICIES/WRITE', 'MICROSOFT.COGNITIVESERVICES/ACCOUNTS/LISTKEYS/ACTION',
      'MICROSOFT.COGNITIVESERVICES/ACCOUNTS/REGENERATEKEY/ACTION', 'MICROSOFT.NETWORK/PRIVATEENDPOINTS/WRITE',
      'MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/WRITE', 'MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/DELETE',
      'MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE', 'MICROSOFT.AUTHORIZATION/POLICYEXEMPTIONS/WRITE',
      'MICROSOFT.AUTHORIZATION/POLICYASSIGNMENTS/WRITE', '"SecretGet"', 'StorageBlobLogs', '"GetBlob"', 'AlertType startswith "AI."',
    ]) {
      expect(all).toContain(needle);
    }
  });

  describe.each(DETECTIONS.map((d) => [d.id, d] as const))('%s', (_id, detection) => {
    const rendered = renderDetectionQuery(detection, { deploymentPrincipalIds: ALLOW_LIST });
    const analysis = analyzeKql(rendered, detection.tables);

    it('parses and analyzes without errors against the declared schemas of the tables it reads', () => {
      expect(analysis.errors).toEqual([]);
    });

    it('also analyzes cleanly with an empty allow-list', () => {
      expect(analyzeKql(renderDetectionQuery(detection), detection.tables).errors).toEqual([]);
    });

    it('declares exactly the tables its query reads', () => {
      for (const table of detection.tables) expect(KUSTO_SCHEMAS[table]).toBeDefined();
      const read = Object.keys(KUSTO_SCHEMAS).filter((t) => new RegExp(`(^|[^A-Za-z_])${t}\\b`).test(detection.query));
      expect(read.sort()).toEqual([...detection.tables].sort());
    });

    it('maps entities only to columns the query projects, with identifiers Sentinel accepts', () => {
      expect(Object.keys(analysis.columns).length).toBeGreaterThan(0);
      expect(detection.entityMappings.length).toBeGreaterThan(0);
      expect(detection.entityMappings.length).toBeLessThanOrEqual(5);
      for (const mapping of detection.entityMappings) {
        expect(Object.keys(ENTITY_IDENTIFIERS)).toContain(mapping.entityType);
        expect(mapping.fieldMappings.length).toBeGreaterThan(0);
        expect(mapping.fieldMappings.length).toBeLessThanOrEqual(3);
        for (const field of mapping.fieldMappings) {
          expect(ENTITY_IDENTIFIERS[mapping.entityType]).toContain(field.identifier);
          expect(Object.keys(analysis.columns)).toContain(field.columnName);
        }
      }
    });

    it('uses Sentinel tactic names and ATT&CK technique ids', () => {
      expect(detection.tactics.length).toBeGreaterThan(0);
      for (const tactic of detection.tactics) expect(SENTINEL_TACTICS).toContain(tactic);
      // Sentinel's alert-rule API takes parent ids only in `techniques` (azurerm#28801: "The expected
      // format is 'T####'"); sub-techniques live in subTechniques under a listed parent.
      for (const technique of detection.techniques) expect(technique).toMatch(/^T\d{4}$/);
      for (const sub of detection.subTechniques ?? []) {
        expect(sub).toMatch(/^T\d{4}\.\d{3}$/);
        expect(detection.techniques).toContain(sub.slice(0, 5));
      }
      expect(mitreProblems(detection)).toEqual([]);
    });

    it('shows its sub-techniques to the analyst in the rule description', () => {
      const text = renderDetectionDescription(detection);
      expect(text.startsWith(detection.description)).toBe(true);
      for (const sub of detection.subTechniques ?? []) expect(text).toContain(sub);
    });

    it('runs on a schedule Sentinel accepts (period >= frequency, 5 minutes to 14 days)', () => {
      expect(detection.queryFrequency).toMatch(ISO_DURATION);
      expect(detection.queryPeriod).toMatch(ISO_DURATION);
      expect(minutes(detection.queryFrequency)).toBeGreaterThanOrEqual(5);
      expect(minutes(detection.queryPeriod)).toBeGreaterThanOrEqual(minutes(detection.queryFrequency));
      expect(minutes(detection.queryPeriod)).toBeLessThanOrEqual(14 * 1440);
    });

    it('fits the Sentinel query size limit (10,000 characters)', () => {
      expect(rendered.length).toBeLessThanOrEqual(10000);
    });

    it('has a description a SOC analyst can act on', () => {
      expect(detection.description).toMatch(/Triage:/);
      expect(detection.description.length).toBeLessThanOrEqual(5000);
    });
  });
});

describe('MITRE ids', () => {
  const base = DETECTIONS[0];
  it('refuses a sub-technique in techniques, a malformed one, and one without its parent', () => {
    expect(mitreProblems({ ...base, techniques: ['T1078.004'] })).toEqual([expect.stringMatching(/"T1078\.004" is not a parent technique id/)]);
    expect(mitreProblems({ ...base, techniques: ['T1078'], subTechniques: ['T1078.4'] })).toEqual([expect.stringMatching(/"T1078\.4" is not T####\.###/)]);
    expect(mitreProblems({ ...base, techniques: ['T1552'], subTechniques: ['T1078.004'] })).toEqual([expect.stringMatching(/no parent T1078/)]);
  });
});

describe('KQL validator', () => {
  const base = DETECTIONS.find((d) => d.id === 'ailz-det-007')!;

  it('rejects a query with a misspelled column', () => {
    const broken = renderDetectionQuery(base).replace('| where ActivityStatusValue', '| where ActivityStatusVal');
    expect(broken).not.toEqual(renderDetectionQuery(base));
    const errors = analyzeKql(broken, base.tables).errors;
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/'ActivityStatusVal' does not refer to any known column/);
  });

  it('rejects a query that reads a table nobody declared', () => {
    expect(analyzeKql('AzureActivityy | take 1', ['AzureActivity']).errors.length).toBeGreaterThan(0);
  });

  it('rejects a syntax error', () => {
    expect(analyzeKql('AzureActivity | where', ['AzureActivity']).errors.length).toBeGreaterThan(0);
  });

  it('reports the projected columns of a query', () => {
    expect(analyzeKql('AzureActivity | project Caller, N = 1', ['AzureActivity']).columns).toEqual({ Caller: 'string', N: 'long' });
  });
});

describe('deployment allow-list', () => {
  const detection = DETECTIONS.find((d) => d.usesDeploymentAllowList)!;

  it('declares an empty list by default, so every change alerts', () => {
    expect(renderDetectionQuery(detection)).toMatch(/^let ailzDeploymentPrincipals = dynamic\(\[\]\);\n/);
  });

  it('bakes the ids in lower case, sorted and de-duplicated', () => {
    expect(renderDetectionQuery(detection, { deploymentPrincipalIds: ['B@contoso.com', 'a', 'b@contoso.com'] }))
      .toMatch(/^let ailzDeploymentPrincipals = dynamic\(\["a", "b@contoso.com"\]\);\n/);
  });

  it('refuses values that would break out of the KQL string', () => {
    expect(() => renderDetectionQuery(detection, { deploymentPrincipalIds: ['x"]); AzureActivity | take 1 //'] }))
      .toThrow(/deploymentPrincipalIds: .* is not an object id or UPN/);
  });

  it('leaves queries that do not use it untouched', () => {
    const other = DETECTIONS.find((d) => !d.usesDeploymentAllowList)!;
    expect(renderDetectionQuery(other, { deploymentPrincipalIds: ['a'] })).toBe(other.query);
  });
});

describe('renderDetectionTable', () => {
  it('renders one row per detection with threat, tables, severity and MITRE', () => {
    const table = renderDetectionTable();
    const rows = table.trim().split('\n');
    expect(rows[0]).toBe('| Id | Detection | Threat | Tables | Severity | MITRE ATT&CK |');
    expect(rows).toHaveLength(DETECTIONS.length + 2);
    expect(rows[2]).toContain('| ailz-det-001 |');
    expect(rows[2]).toContain('| invocation rate |');
    expect(rows[2]).toContain('`AzureDiagnostics`');
    expect(rows.find((r) => r.includes('ailz-det-014'))).toMatch(/\| prompt injection \| `SecurityAlert` \| Low \| .*T1190/);
  });
});
