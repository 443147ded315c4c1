/**
 * Review F1: the governance stack's own Deny assignment of b2982f36 ("Storage accounts should disable
 * public network access") refused the flow-log storage account, which keeps its public endpoint for
 * Network Watcher's trusted-service writes. This test evaluates the policy rule as Azure does (the rule
 * is data: fixtures/policy-b2982f36.json, checked against the reference catalog by npm run
 * check:reference) on every storage account of the synthesized workload stacks, with the assignment's
 * scope, enforcement, effect and not_scopes as the governance stack writes them.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { referenceConfig, synthStacks } from '../stacks/helpers';

const RULE = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'policy-b2982f36.json'), 'utf8'));
const stacks = synthStacks(referenceConfig());

type Condition = { allOf?: Condition[]; anyOf?: Condition[]; not?: Condition; field?: string; equals?: string; notEquals?: string };

/** Azure Policy condition evaluation for the operators this rule uses (case-insensitive string comparison). */
function matches(c: Condition, fields: Record<string, string | undefined>): boolean {
  if (c.allOf) return c.allOf.every((x) => matches(x, fields));
  if (c.anyOf) return c.anyOf.some((x) => matches(x, fields));
  if (c.not) return !matches(c.not, fields);
  const value = fields[c.field!]?.toLowerCase();
  if (c.equals !== undefined) return value === c.equals.toLowerCase();
  if (c.notEquals !== undefined) return value !== c.notEquals.toLowerCase();
  throw new Error(`operator of ${JSON.stringify(c)} is not modelled`);
}

const refName = (v: string) => /^\$\{([a-z_]+)\.([A-Za-z0-9_-]+)\.[a-z_.]+\}$/.exec(v);

/**
 * A simulated tenant: each vended subscription gets a GUID, used both for the governance stack's
 * `azurerm_subscription.<x>.subscription_id` and for the workload's alias lookup of the same alias.
 */
function tenant(all: Record<string, any>) {
  const gov = all.governance;
  const aliases: Record<string, string> = {};
  const guidFor: Record<string, string> = {};
  Object.entries<any>(gov.resource.azurerm_subscription ?? {}).forEach(([logical, s], i) => {
    const guid = `00000000-0000-4000-8000-00000000000${i + 1}`;
    aliases[s.alias] = guid;
    guidFor[`\${azurerm_subscription.${logical}.subscription_id}`] = guid;
  });
  const resolveSub = (stack: any, value: string): string => {
    if (guidFor[value]) return guidFor[value];
    const lookup = /^\$\{data\.azapi_resource\.([A-Za-z0-9_]+)\.output\.properties\.subscriptionId\}$/.exec(value);
    if (lookup) return aliases[stack.data.azapi_resource[lookup[1]].name];
    if (value.includes('${')) throw new Error(`cannot resolve ${value}`);
    return value;
  };
  const mgName = (value: string) => {
    const m = refName(value);
    return m ? gov.resource.azurerm_management_group[m[2]].name : value.split('/').pop();
  };
  const mgParent: Record<string, string | undefined> = {};
  for (const mg of Object.values<any>(gov.resource.azurerm_management_group)) mgParent[mg.name] = mgName(mg.parent_management_group_id);
  const subscriptionMg: Record<string, string> = {};
  for (const a of Object.values<any>(gov.resource.azurerm_management_group_subscription_association)) {
    subscriptionMg[resolveSub(gov, a.subscription_id.replace(/^\/subscriptions\//, '')).toLowerCase()] = mgName(a.management_group_id);
  }
  const ancestors = (mg: string | undefined): string[] => (mg ? [mg, ...ancestors(mgParent[mg])] : []);
  return { resolveSub, mgName, subscriptionMgs: (sub: string) => ancestors(subscriptionMg[sub.toLowerCase()]) };
}

/** Every storage account of the workload stacks that an enforced Deny assignment of b2982f36 would refuse. */
function denied(all: Record<string, any>): string[] {
  const t = tenant(all);
  const assignments = Object.entries<any>(all.governance.resource.azurerm_management_group_policy_assignment)
    .filter(([, a]) => a.policy_definition_id.toLowerCase().endsWith(`/${RULE.name}`) && a.enforce !== false)
    .filter(([, a]) => ((a.parameters ? JSON.parse(a.parameters).effect?.value : undefined) ?? RULE.effectDefault) === 'Deny');
  expect(assignments).toHaveLength(1);
  const out: string[] = [];
  for (const [stackName, stack] of Object.entries<any>(all)) {
    if (!stackName.startsWith('workload-')) continue;
    const sub = t.resolveSub(stack, stack.provider.azurerm.find((p: any) => !p.alias).subscription_id);
    for (const [logical, sa] of Object.entries<any>(stack.resource.azurerm_storage_account ?? {})) {
      const rgRef = refName(sa.resource_group_name);
      const rg = rgRef ? stack.resource[rgRef[1]][rgRef[2]].name : sa.resource_group_name;
      const id = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/${sa.name}`.toLowerCase();
      // azurerm 4.55 sends publicNetworkAccess "Enabled" unless public_network_access_enabled = false (storage_account_resource.go:1375-1377).
      const fields = { type: 'Microsoft.Storage/storageAccounts', 'Microsoft.Storage/storageAccounts/publicNetworkAccess': sa.public_network_access_enabled === false ? 'Disabled' : 'Enabled' };
      for (const [, a] of assignments) {
        if (!t.subscriptionMgs(sub).includes(t.mgName(a.management_group_id))) continue;
        const excluded = (a.not_scopes ?? []).some((scope: string) => {
          const s = scope.replace(/\$\{[^}]+\}/g, (expr) => t.resolveSub(all.governance, expr)).toLowerCase();
          return id === s || id.startsWith(`${s}/`);
        });
        if (!excluded && matches(RULE.policyRule.if, fields)) out.push(`${stackName}/${logical}`);
      }
    }
  }
  return out.sort();
}

describe('st-no-public-network (b2982f36, Deny) against the storage accounts ailz deploys', () => {
  it('denies none of them: the flow-log accounts are excluded, every other account has public access off', () => {
    expect(denied(stacks)).toEqual([]);
  });

  it('would deny both flow-log accounts without the exclusion (the output the review found, F1)', () => {
    const old = JSON.parse(JSON.stringify(stacks));
    for (const a of Object.values<any>(old.governance.resource.azurerm_management_group_policy_assignment)) delete a.not_scopes;
    expect(denied(old)).toEqual(['workload-chat/Network_FlowLogStorage_0AB7F5E1', 'workload-research/Network_FlowLogStorage_0AB7F5E1']);
  });

  it('excludes exactly one resource per workload, the flow-log account, and nothing else from any assignment', () => {
    const withExclusions = Object.values<any>(stacks.governance.resource.azurerm_management_group_policy_assignment).filter((a) => a.not_scopes);
    expect(withExclusions.map((a) => a.name)).toEqual(['st-no-public-network']);
    const scopes: string[] = withExclusions[0].not_scopes;
    expect(scopes).toHaveLength(2);
    for (const s of scopes) expect(s).toMatch(/^\/subscriptions\/[^/]+\/resourceGroups\/rg-contoso-[a-z]+-[a-z]+-[a-z]+\/providers\/Microsoft\.Storage\/storageAccounts\/stcontoso[a-z]+flow[a-z0-9]+$/);
    const flowAccounts = ['workload-chat', 'workload-research'].map((s) => stacks[s].resource.azurerm_storage_account.Network_FlowLogStorage_0AB7F5E1.name);
    expect(scopes.map((s) => s.split('/').pop())).toEqual(flowAccounts);
  });
});
