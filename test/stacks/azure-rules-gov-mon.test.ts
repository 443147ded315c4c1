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
