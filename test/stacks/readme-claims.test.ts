/**
 * README claims that the synthesized output or Azure's documented behaviour must keep true (issue
 * "Deployable": every README claim must be true).
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { ROLES } from '../../azure/roles';
import { ROOT, referenceConfig, resourcesOf, synthStacks } from './helpers';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const stacks = synthStacks(referenceConfig());
const byGuid = new Map(Object.values(ROLES).map((r) => [r.id, r.name]));

describe('README claims', () => {
  it('lists exactly the roles the workload stacks assign, for a condition-restricted deployment identity', () => {
    const listed = /<!-- deployer-roles:start -->\s*([^<]*?)\s*<!-- deployer-roles:end -->/.exec(readme)![1].split(',').map((x) => x.trim()).sort();
    const granted = new Set<string>();
    for (const [name, stack] of Object.entries<any>(stacks)) {
      if (!name.startsWith('workload-')) continue;
      for (const [type, , body] of resourcesOf(stack)) {
        if (type === 'azurerm_role_assignment') granted.add(byGuid.get(body.role_definition_id.split('/').pop()) ?? body.role_definition_id);
      }
    }
    expect(listed).toEqual([...granted].sort());
  });

  it('does not claim that Azure OpenAI resource logs capture prompts or completions', () => {
    // The Cognitive Services resource log categories (Audit, RequestResponse, Trace, AzureOpenAIRequestUsage,
    // ManagedNetworkEvent) carry request metadata (caller object ID, deployment, lengths, status), not the
    // text: ailz's own detections read only those fields (catalog/detections.ts). Prompt and completion text
    // needs a gateway that logs it (Microsoft Learn, API Management "language model API request and response
    // logs", learn.microsoft.com/azure/api-management/api-management-howto-llm-logs), a later ailz release.
    expect(readme).not.toMatch(/prompt (and|&) response logging/i);
    expect(readme).not.toMatch(/(allLogs|resource logs?|diagnostic settings?)[^|.]*\b(capture|record|log)s? (the )?prompts?\b/i);
    const controls = readme.split('\n').find((l) => l.startsWith('| model risk |'))!;
    expect(controls).toMatch(/request metadata logging/);
    expect(controls).toMatch(/not the prompt or completion text/);
    expect(controls).toMatch(/prompt and completion text is logged by the AI gateway/);
  });
});
