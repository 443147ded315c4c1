/**
 * Network security group rules as data, and the deny-by-default rule sets ailz puts on each subnet.
 *
 * Every NSG ailz creates ends its inbound list with an explicit `DenyInternetInbound` and a
 * `DenyAllInbound` (priorities 4000 and 4095, below Azure's 4096 limit for custom rules) so the
 * default rules at 65000+ (`AllowVnetInBound`, `AllowAzureLoadBalancerInBound`) never apply: the only
 * inbound traffic a subnet accepts is what a rule above names. No rule allows inbound from `*`,
 * `Internet`, `Any` or `0.0.0.0/0`; `validateSecurityRules` enforces that for caller-supplied rules too.
 */

export type RuleDirection = 'Inbound' | 'Outbound';
export type RuleAccess = 'Allow' | 'Deny';
export type RuleProtocol = 'Tcp' | 'Udp' | 'Icmp' | 'Esp' | 'Ah' | '*';

export interface SecurityRuleSpec {
  /** Rule name, unique within the NSG; also part of the rule's construct id, so keep it constant. */
  readonly name: string;
  /** 100-4096; lower numbers are evaluated first. */
  readonly priority: number;
  readonly direction: RuleDirection;
  readonly access: RuleAccess;
  readonly protocol: RuleProtocol;
  /** Source address prefix or service tag (`VirtualNetwork`, `Internet`, a CIDR, `*`). */
  readonly source: string;
  /** Destination address prefix or service tag. */
  readonly destination: string;
  /**
   * Application security groups as the destination instead of `destination` (e.g. the one private
   * endpoint of the Azure OpenAI account among the subnet's endpoints). `destination` then only documents.
   * @default undefined - `destination` is the address prefix
   */
  readonly destinationApplicationSecurityGroupIds?: readonly string[];
  /** Destination ports (`443`, `1024-65535`, `*`). */
  readonly destinationPorts: readonly string[];
  readonly description: string;
}

/** Sources that mean "anyone": an Allow rule from one of these exposes the subnet. */
export const OPEN_SOURCES: ReadonlySet<string> = new Set(['*', 'internet', 'any', '0.0.0.0/0', '0.0.0.0', '::/0']);

/** Priorities of the closing deny rules: high numbers, still inside Azure's custom range (100-4096). */
export const DENY_INTERNET_PRIORITY = 4000;
export const DENY_ALL_PRIORITY = 4095;

/** `DenyInternetInbound` + `DenyAllInbound`: the end of every ailz inbound rule list. */
export function closingInboundDenies(): SecurityRuleSpec[] {
  return [
    {
      name: 'DenyInternetInbound', priority: DENY_INTERNET_PRIORITY, direction: 'Inbound', access: 'Deny', protocol: '*',
      source: 'Internet', destination: '*', destinationPorts: ['*'],
      description: 'Explicit deny of inbound traffic from the internet (documents intent; DenyAllInbound would also catch it).',
    },
    {
      name: 'DenyAllInbound', priority: DENY_ALL_PRIORITY, direction: 'Inbound', access: 'Deny', protocol: '*',
      source: '*', destination: '*', destinationPorts: ['*'],
      description: 'Deny by default: overrides the Azure default AllowVnetInBound and AllowAzureLoadBalancerInBound rules.',
    },
  ];
}

/** `DenyInternetOutbound`: subnets reach Azure services through private endpoints, not the internet. */
export function denyInternetOutbound(): SecurityRuleSpec {
  return {
    name: 'DenyInternetOutbound', priority: DENY_INTERNET_PRIORITY, direction: 'Outbound', access: 'Deny', protocol: '*',
    source: '*', destination: 'Internet', destinationPorts: ['*'],
    description: 'No internet egress; Azure services are reached through private endpoints in the VNet.',
  };
}

/** Inbound HTTPS from the VNet (and peered VNets) to the private endpoints in `subnetCidr`. */
export function privateEndpointInbound(subnetCidr: string, ports: readonly string[], priority = 100): SecurityRuleSpec {
  return {
    name: 'AllowVnetToPrivateEndpoints', priority, direction: 'Inbound', access: 'Allow', protocol: 'Tcp',
    source: 'VirtualNetwork', destination: subnetCidr, destinationPorts: ports,
    description: `Clients in this and peered VNets reach the private endpoints on ${ports.join(', ')}; nothing else reaches this subnet.`,
  };
}

/**
 * Checks a rule list: unique names, unique priorities per direction, priorities 100-4096, and no
 * Allow rule inbound from an open source. Returns the problems (empty when the list is valid).
 */
export function securityRuleProblems(rules: readonly SecurityRuleSpec[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const priorities = new Set<string>();
  for (const r of rules) {
    if (names.has(r.name)) problems.push(`rule name "${r.name}" is used twice`);
    names.add(r.name);
    const key = `${r.direction}/${r.priority}`;
    if (priorities.has(key)) problems.push(`rule "${r.name}": ${r.direction} priority ${r.priority} is used twice`);
    priorities.add(key);
    if (!Number.isInteger(r.priority) || r.priority < 100 || r.priority > 4096) {
      problems.push(`rule "${r.name}": priority ${r.priority} is outside Azure's 100-4096`);
    }
    if (r.direction === 'Inbound' && r.access === 'Allow' && OPEN_SOURCES.has(r.source.toLowerCase())) {
      problems.push(`rule "${r.name}" allows inbound from "${r.source}"; allow only named ranges or service tags such as VirtualNetwork`);
    }
    if (r.destinationPorts.length === 0) problems.push(`rule "${r.name}" has no destination ports`);
  }
  return problems;
}

/** Sorted by direction then priority, so the synthesized order never depends on how a list was built. */
export function sortRules(rules: readonly SecurityRuleSpec[]): SecurityRuleSpec[] {
  return [...rules].sort((a, b) => a.direction.localeCompare(b.direction) || a.priority - b.priority);
}
