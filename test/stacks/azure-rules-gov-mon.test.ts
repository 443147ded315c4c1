/**
 * The reference deployment against Azure's own rules for governance and monitoring (issue "Deployable",
 * review azure-review-e3fe400 F3, F10-F12, F15-F17, F19, F21, F22, F27): each rule is written here as data
 * with its source, and judged on the synthesized Terraform JSON, never on the props ailz passed in.
 */
import { referenceConfig, resourcesOf, synthStacks } from './helpers';

const stacks = synthStacks(referenceConfig());

/** The bodies of one resource type in one stack. */
function bodies(stack: string, type: string): any[] {
  return resourcesOf(stacks[stack]).filter(([t]) => t === type).map(([, , body]) => body);
}

describe('F3: Sentinel accepts only parent technique ids in `techniques`', () => {
  // Azure's rule: the Sentinel alert-rule API rejects a sub-technique in `techniques` ("The technique
  // 'T1098.003' is invalid. The expected format is 'T####'", hashicorp/terraform-provider-azurerm#28801,
  // Azure/Azure-Sentinel#8960); azurerm 4.55 sends `techniques` verbatim and has no sub-technique argument
  // (internal/services/sentinel/sentinel_alert_rule_scheduled_resource.go:108-115, :408).
  const PARENT_TECHNIQUE = /^T\d{4}$/;
  const rules = bodies('platform', 'azurerm_sentinel_alert_rule_scheduled');

  it('the platform carries scheduled rules', () => {
    expect(rules.length).toBeGreaterThan(0);
  });

  it.each(rules.map((r) => [r.name, r] as const))('%s: every technique is T####', (_name, rule) => {
    for (const t of rule.techniques ?? []) expect(t).toMatch(PARENT_TECHNIQUE);
  });
});

describe('F27: scheduled rules see events that arrive late, once, and each Defender alert becomes one incident', () => {
  // Azure's rule (Microsoft Sentinel, "Handle ingestion delay in scheduled analytics rules",
  // learn.microsoft.com/azure/sentinel/ingestion-delay): Sentinel runs the query over the look-back period
  // by TimeGenerated; an event ingested after the run that covered its TimeGenerated is never seen when the
  // look-back equals the run frequency. The fix Microsoft gives: look back further than the frequency and
  // select the rows ingested since the last run with ingestion_time(), so each event is read exactly once.
  const MARGIN_MINUTES = 30;
  const minutes = (iso: string) => {
    const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso)!;
    return Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  };
  const kqlSpan = (iso: string) => (minutes(iso) % 60 === 0 ? `${minutes(iso) / 60}h` : `${minutes(iso)}m`);
  const rules = bodies('platform', 'azurerm_sentinel_alert_rule_scheduled');

  it.each(rules.map((r) => [r.name, r] as const))('%s looks back past its run frequency by the ingestion margin', (_n, rule) => {
    expect(minutes(rule.query_period) - minutes(rule.query_frequency)).toBeGreaterThanOrEqual(MARGIN_MINUTES);
  });

  it.each(rules.filter((r) => minutes(r.query_period) < 1440).map((r) => [r.name, r] as const))(
    '%s (short look-back) selects each run\'s rows by ingestion time, so a late event alerts once', (_n, rule) => {
      expect(rule.query).toContain(`ingestion_time() > ago(${kqlSpan(rule.query_frequency)})`);
    });

  // Each Defender for Cloud alert must land in exactly one incident: the Microsoft-security incident rule
  // creates one per alert of its severities (product "Azure Security Center"); the AI detection groups the
  // Defender for AI alerts (AlertType "AI.*") it selects.
  it('every Defender for AI alert severity has exactly one incident path', () => {
    const ms = bodies('platform', 'azurerm_sentinel_alert_rule_ms_security_incident');
    const msSeverities: string[] = ms.flatMap((m) => m.severity_filter ?? []);
    const ai = rules.find((r) => /AlertType startswith "AI\./.test(r.query))!;
    const excluded = /AlertSeverity !in \(([^)]*)\)/.exec(ai.query)?.[1]?.split(',').map((s) => s.trim().replace(/"/g, '')) ?? [];
    for (const severity of ['High', 'Medium', 'Low', 'Informational']) {
      const paths = (msSeverities.includes(severity) ? 1 : 0) + (excluded.includes(severity) ? 0 : 1);
      expect([severity, paths]).toEqual([severity, 1]);
    }
  });
});
