/**
 * Azure's apply-time rules, judged on synthesized Terraform JSON (not on the config): tag limits,
 * reserved address ranges, peerings per VNet, budget amounts, provisioned sizes, and exemptions at a
 * scope where their assignment applies. The property test runs them over generated configs, so that
 * "validate accepts it" implies "Azure accepts what synth writes" for these classes.
 */
import {
  MAX_STORAGE_TAG_NAME_BYTES, MAX_TAG_NAME_LENGTH, MAX_TAG_VALUE_BYTES, MAX_TAGS_PER_PRIVATE_DNS_RESOURCE, MAX_TAGS_PER_RESOURCE,
  MIN_BUDGET_AMOUNT, RESERVED_RANGES, TAG_NAME_FORBIDDEN_CHARACTERS, VNET_PEERINGS_PER_VNET, provisionedSize,
} from '../../azure/limits';
import { Cidr, overlaps, parseCidr } from '../../config/cidr';

type Stacks = Record<string, any>;

const PRIVATE_DNS_TYPES = new Set(['azurerm_private_dns_zone', 'azurerm_private_dns_zone_virtual_network_link', 'azurerm_private_dns_a_record']);
const REF = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.(id|name)\}$/;

function* resources(stacks: Stacks): Generator<[stack: string, type: string, name: string, body: any]> {
  for (const [stack, json] of Object.entries(stacks)) {
    for (const [type, byName] of Object.entries<any>(json.resource ?? {})) {
      for (const [name, body] of Object.entries<any>(byName)) yield [stack, type, name, body];
    }
  }
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Every violation of Azure's rules in the synthesized stacks, as `<stack>/<type>.<name>: <rule>`. */
export function azureRuleViolations(stacks: Stacks): string[] {
  const out: string[] = [];
  const at = (stack: string, type: string, name: string) => `${stack}/${type}.${name}`;

  for (const [stack, type, name, body] of resources(stacks)) {
    const where = at(stack, type, name);
    // Tags: count (15 on private DNS resources), name and value lengths, characters, case-insensitive uniqueness.
    if (body.tags && typeof body.tags === 'object') {
      const names = Object.keys(body.tags);
      const max = PRIVATE_DNS_TYPES.has(type) ? MAX_TAGS_PER_PRIVATE_DNS_RESOURCE : MAX_TAGS_PER_RESOURCE;
      if (names.length > max) out.push(`${where}: ${names.length} tags, Azure allows ${max}`);
      if (new Set(names.map((n) => n.toLowerCase())).size !== names.length) out.push(`${where}: tag names equal but for case`);
      for (const n of names) {
        const limit = type === 'azurerm_storage_account' ? MAX_STORAGE_TAG_NAME_BYTES : MAX_TAG_NAME_LENGTH;
        if (bytes(n) > limit) out.push(`${where}: tag name ${n} over ${limit}`);
        if (TAG_NAME_FORBIDDEN_CHARACTERS.some((c) => n.includes(c))) out.push(`${where}: tag name ${n} has a forbidden character`);
        if (PRIVATE_DNS_TYPES.has(type) && /[\s:]/.test(n)) out.push(`${where}: tag name ${JSON.stringify(n)} is dropped by private DNS`);
        if (typeof body.tags[n] === 'string' && bytes(body.tags[n]) > MAX_TAG_VALUE_BYTES) out.push(`${where}: tag ${n} value over ${MAX_TAG_VALUE_BYTES} bytes`);
      }
    }
    // Address spaces: never a reserved range.
    if (type === 'azurerm_virtual_network') {
      for (const space of body.address_space ?? []) {
        const c = parseCidr(space);
        if (typeof c === 'string') out.push(`${where}: ${c}`);
        else for (const r of RESERVED_RANGES) if (overlaps(c, parseCidr(r.cidr) as Cidr)) out.push(`${where}: ${space} overlaps ${r.cidr}`);
      }
    }
    if (type === 'azurerm_consumption_budget_subscription' && !(body.amount >= MIN_BUDGET_AMOUNT)) out.push(`${where}: budget amount ${body.amount} below ${MIN_BUDGET_AMOUNT}`);
    if (type === 'azurerm_cognitive_deployment') {
      const size = provisionedSize(body.sku?.name, body.model?.name, body.model?.version);
      const capacity = body.sku?.capacity ?? 1;
      if (!(capacity >= 1)) out.push(`${where}: capacity ${capacity}`);
      if (size && (capacity < size.minimum || capacity % size.increment !== 0)) out.push(`${where}: ${capacity} PTUs, Azure needs ${size.minimum} in steps of ${size.increment}`);
    }
  }

  // Peerings per VNet, counted on the VNet that holds them, across stacks (the workload stacks create
  // the hub's side through an aliased provider): a VNet is its resource group and name, references
  // within a stack resolved to their literal.
  const peerings = new Map<string, number>();
  for (const [stack, type, , body] of resources(stacks)) {
    if (type !== 'azurerm_virtual_network_peering') continue;
    const literal = (v: string) => {
      const m = REF.exec(v);
      if (!m) return v;
      const target = m ? stacks[stack].resource?.[m[1]]?.[m[2]] : undefined;
      return target && typeof target[m![3]] === 'string' && !REF.test(target[m![3]]) ? target[m![3]] : `${stack}:${v}`;
    };
    const key = `${literal(body.resource_group_name)}/${literal(body.virtual_network_name)}`;
    peerings.set(key, (peerings.get(key) ?? 0) + 1);
  }
  for (const [vnet, n] of peerings) if (n > VNET_PEERINGS_PER_VNET) out.push(`${vnet}: ${n} peerings, Azure allows ${VNET_PEERINGS_PER_VNET}`);

  out.push(...exemptionScopeViolations(stacks.governance?.resource ?? {}));
  return out;
}

/**
 * An exemption only takes effect at or below the scope of its assignment: its management group, a
 * group below it, or a subscription placed below it (by an association in the same stack).
 */
function exemptionScopeViolations(r: Record<string, Record<string, any>>): string[] {
  const out: string[] = [];
  const groups = r.azurerm_management_group ?? {};
  const nameOf = (ref: string): string | undefined => {
    const m = REF.exec(ref);
    if (m && m[1] === 'azurerm_management_group') return groups[m[2]]?.name;
    return /\/managementGroups\/([^/]+)$/i.exec(ref)?.[1];
  };
  const parentOf = new Map(Object.values(groups).map((g: any) => [g.name.toLowerCase(), nameOf(g.parent_management_group_id)?.toLowerCase()]));
  const within = (inner: string | undefined, outer: string | undefined): boolean => {
    for (let g = inner?.toLowerCase(); g; g = parentOf.get(g)) if (g === outer?.toLowerCase()) return true;
    return false;
  };
  const assignmentGroup = (ref: string): string | undefined => {
    const m = REF.exec(ref);
    const a = m && m[1] === 'azurerm_management_group_policy_assignment' ? r.azurerm_management_group_policy_assignment?.[m[2]] : undefined;
    return a ? nameOf(a.management_group_id) : undefined;
  };
  const subscriptionGroup = new Map(Object.values(r.azurerm_management_group_subscription_association ?? {})
    .map((a: any) => [String(a.subscription_id).toLowerCase(), nameOf(a.management_group_id)]));

  for (const [name, e] of Object.entries(r.azurerm_management_group_policy_exemption ?? {})) {
    const assigned = assignmentGroup(e.policy_assignment_id);
    if (!assigned || !within(nameOf(e.management_group_id), assigned)) out.push(`governance/${name}: exemption at ${e.management_group_id}, outside ${assigned ?? 'an unknown assignment'}`);
  }
  for (const [name, e] of Object.entries(r.azurerm_subscription_policy_exemption ?? {})) {
    const assigned = assignmentGroup(e.policy_assignment_id);
    const placed = subscriptionGroup.get(String(e.subscription_id).toLowerCase());
    if (!assigned || !within(placed, assigned)) out.push(`governance/${name}: exemption at ${e.subscription_id} (placed in ${placed ?? 'no ailz group'}), outside ${assigned ?? 'an unknown assignment'}`);
  }
  return out;
}
