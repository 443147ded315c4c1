/**
 * Review F20: removing a workload from the config must not cancel its subscription nor move it out of
 * the AI management groups. The provider never cancels (features.subscription, tested in stacks.test.ts);
 * `decommissionedWorkloads` releases the alias and the association from the governance state.
 */
import { configWith, resourcesOf, synthStacks } from './helpers';
import { evaluate } from '../../guardrails';
import { ConfigError } from '../../config/load';

/** The reference config with `research` removed from workloads (and, optionally, listed as decommissioned). */
const withoutResearch = (decommission: boolean) => configWith((c) => {
  c.workloads = c.workloads.filter((w: any) => w.name !== 'research');
  if (decommission) c.decommissionedWorkloads = ['research'];
});

describe('decommissionedWorkloads', () => {
  const stacks = synthStacks(withoutResearch(true));

  it('releases the vended subscription and its association under the addresses ailz gave them, never destroying them', () => {
    // The addresses of the research workload in the reference governance stack (ailz 0.1 and now).
    expect(stacks.governance.removed).toEqual([
      { from: 'azurerm_management_group_subscription_association.Workload-research_B40AAA62', lifecycle: { destroy: false } },
      { from: 'azurerm_subscription.Workload-research_Subscription_25A5BE9A', lifecycle: { destroy: false } },
    ]);
    const reference = synthStacks(configWith(() => undefined)).governance;
    const declared = resourcesOf(reference).map(([t, n]) => `${t}.${n}`);
    for (const r of stacks.governance.removed) expect(declared).toContain(r.from);
  });

  it('emits no release without the entry (and the provider still never cancels the subscription)', () => {
    const plain = synthStacks(withoutResearch(false)).governance;
    expect(plain.removed).toBeUndefined();
    expect(plain.provider.azurerm[0].features[0].subscription).toEqual([{ prevent_cancellation_on_destroy: true }]);
  });

  it('drops the workload\'s own stack and keeps the output free of findings', () => {
    expect(Object.keys(stacks)).toEqual(['governance', 'platform', 'workload-chat']);
    expect(evaluate(Object.entries(stacks).map(([stack, json]) => ({ stack, json }))).findings).toEqual([]);
  });

  it('refuses a name that is still a workload, or listed twice', () => {
    const error = (edit: (c: any) => void) => {
      try { configWith(edit); } catch (e) { return (e as ConfigError).problems.join('\n'); }
      throw new Error('expected a config error');
    };
    expect(error((c) => { c.decommissionedWorkloads = ['research']; })).toMatch(/decommissionedWorkloads\[0\]: "research" is still workloads\[1\]; destroy its stack first/);
    expect(error((c) => { c.decommissionedWorkloads = ['old', 'old']; })).toMatch(/decommissionedWorkloads\[1\]: "old" is already listed at decommissionedWorkloads\[0\]/);
    expect(error((c) => { c.decommissionedWorkloads = ['Old']; })).toMatch(/decommissionedWorkloads\[0\]: must match/);
  });
});
