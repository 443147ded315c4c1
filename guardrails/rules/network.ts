/**
 * Network stack rules: public IPs, NSG rules, subnet NSG coverage, private endpoint subnet policies,
 * spoke-to-hub peering. Attribute names: azurerm 4.55.0 lib/network-security-group, lib/network-security-rule,
 * lib/subnet, lib/virtual-network (inline subnet.security_group), lib/virtual-network-peering.
 */
import { DocumentIndex, ResourceNode, Rule, Violation } from '../types';
import { blocks, isExpression, judge, parseRef, show } from '../document';
import { FlowLogView, flowLogs } from '../flow-logs';
import { ROLES } from '../../azure/roles';
import { checkValue, isFalse, resourceRule } from './helpers';
import { roleOf } from './identity';

/** The storage account a flow log writes to, when it is a resource of this document. */
function flowLogAccount(doc: DocumentIndex, f: FlowLogView): ResourceNode | undefined {
  const ref = f.storageRef;
  if (!ref || ref.attr !== 'id' || ref.suffix !== '') return undefined;
  const node = doc.byAddress(ref.address);
  return node?.type === 'azurerm_storage_account' ? node : undefined;
}

/** The role Microsoft documents for a flow log's identity on its storage account (Learn "Managed identity for virtual network flow logs"). */
const BLOB_WRITER = ROLES.storageBlobDataContributor;

/** Whether a role assignment in `doc` gives the identity at `identityAddress` Storage Blob Data Contributor on `account`. */
function canWriteBlobs(doc: DocumentIndex, identityAddress: string, account: ResourceNode): boolean {
  return doc.ofType('azurerm_role_assignment').some((ra) => {
    const scope = parseRef(ra.attrs.scope);
    const principal = parseRef(ra.attrs.principal_id);
    // roleOf reads the GUID also behind a vended subscription's expression (`/subscriptions/${...}/providers/...`, AILZ-IAM-006).
    const role = roleOf(doc, ra.attrs);
    const roleOk = role.state === 'known' && role.role?.id === BLOB_WRITER.id;
    return roleOk && scope?.address === account.address && scope.attr === 'id' && scope.suffix === ''
      && principal?.address === identityAddress && principal.attr === 'principal_id';
  });
}

/** Subnets Azure forbids an NSG on (or where the platform service manages it). Source: Microsoft Learn, "Virtual network planning" / Azure Firewall, VPN gateway, Route Server docs. */
const NSG_FORBIDDEN_SUBNETS = new Set(['GatewaySubnet', 'AzureFirewallSubnet', 'AzureFirewallManagementSubnet', 'RouteServerSubnet']);
/** NSGs are allowed but optional (and must carry Bastion's required rules) on AzureBastionSubnet. */
const NSG_OPTIONAL_SUBNETS = new Set(['AzureBastionSubnet']);

const ANY_SOURCE = new Set(['*', 'internet', '0.0.0.0/0', '0.0.0.0', 'any', '::/0']);

function ruleViolations(doc: DocumentIndex, node: ResourceNode, rule: any, label: string): Violation[] {
  const direction = judge(doc, rule.direction);
  const access = judge(doc, rule.access);
  if (direction.state === 'unresolved' || access.state === 'unresolved') {
    return [{ address: node.address, severity: 'warning', message: `${label} cannot be verified: direction/access is ${show(direction.state === 'unresolved' ? direction.text : (access as any).text)}` }];
  }
  const inbound = direction.state === 'literal' && String(direction.value).toLowerCase() === 'inbound';
  const allow = access.state === 'literal' && String(access.value).toLowerCase() === 'allow';
  if (!inbound || !allow) return [];
  const sources: unknown[] = [];
  if (rule.source_address_prefix !== undefined) sources.push(rule.source_address_prefix);
  const many = judge(doc, rule.source_address_prefixes);
  if (many.state === 'unresolved') return [{ address: node.address, severity: 'warning', message: `${label} cannot be verified: source_address_prefixes is ${show(many.text)}` }];
  if (many.state === 'literal' && Array.isArray(many.value)) sources.push(...many.value);
  for (const s of sources) {
    const j = judge(doc, s);
    if (j.state === 'unresolved') return [{ address: node.address, severity: 'warning', message: `${label} cannot be verified: source is ${show(j.text)}` }];
    if (j.state === 'literal' && ANY_SOURCE.has(String(j.value).toLowerCase())) {
      return [{ address: node.address, message: `${label} allows inbound from ${show(j.value)}` }];
    }
  }
  return [];
}

interface SubnetView {
  address: string;
  name: ReturnType<typeof judge>;
  /** For inline subnets, how to name them in messages. */
  label: string;
  node: ResourceNode;
  inline?: any;
}

function subnets(doc: DocumentIndex): SubnetView[] {
  const out: SubnetView[] = [];
  for (const node of doc.ofType('azurerm_subnet')) out.push({ address: node.address, name: judge(doc, node.attrs.name), label: 'subnet', node });
  for (const vnet of doc.ofType('azurerm_virtual_network')) {
    for (const s of blocks(vnet.attrs, 'subnet')) {
      out.push({ address: vnet.address, name: judge(doc, s.name), label: `inline subnet ${show(s.name)}`, node: vnet, inline: s });
    }
  }
  return out;
}

export const NETWORK_RULES: readonly Rule[] = [
  {
    id: 'AILZ-NET-001', severity: 'error', area: 'network',
    title: 'Workload stacks contain no public IP resources',
    rationale: 'A public IP in an AI spoke is a direct internet path around the hub and the private endpoints.',
    remediation: 'remove the public IP; publish through the platform (hub) ingress if internet exposure is really needed',
    references: { azurePolicy: ['6c112d4e-5bc7-47ae-a041-ea2d9dccd749'], mcsb: ['NS-1'] },
    check(doc) {
      if (doc.kind !== 'workload') return [];
      return ['azurerm_public_ip', 'azurerm_public_ip_prefix'].flatMap((t) =>
        doc.ofType(t).map((n) => ({ address: n.address, message: `${t} in workload stack ${doc.stack}` })));
    },
  },
  {
    id: 'AILZ-NET-002', severity: 'error', area: 'network',
    title: 'NSG rules never allow inbound traffic from any source or the internet',
    rationale: 'An Allow rule from *, Internet, Any, 0.0.0.0/0 or ::/0 exposes everything behind the NSG.',
    remediation: 'restrict source_address_prefix(es) to specific ranges or service tags (e.g. VirtualNetwork), or make the rule Deny',
    references: { mcsb: ['NS-1'] },
    check(doc) {
      const out: Violation[] = [];
      for (const nsg of doc.ofType('azurerm_network_security_group')) {
        const inline = judge(doc, nsg.attrs.security_rule);
        if (inline.state === 'unresolved') out.push({ address: nsg.address, severity: 'warning', message: `security_rule cannot be verified: value is ${show(inline.text)}` });
        for (const r of blocks(nsg.attrs, 'security_rule')) out.push(...ruleViolations(doc, nsg, r, `security_rule ${show(r.name)}`));
      }
      for (const r of doc.ofType('azurerm_network_security_rule')) out.push(...ruleViolations(doc, r, r.attrs, `rule ${show(r.attrs.name)}`));
      return out;
    },
  },
  {
    id: 'AILZ-NET-003', severity: 'error', area: 'network',
    title: 'Every subnet has a network security group (except where Azure forbids one)',
    rationale: 'Segmentation is deny-by-default only where an NSG applies; an uncovered subnet is open to the whole VNet and peered networks.',
    remediation: 'associate an NSG (azurerm_subnet_network_security_group_association); GatewaySubnet, AzureFirewallSubnet, AzureFirewallManagementSubnet and RouteServerSubnet are exempt',
    references: { mcsb: ['NS-1'] },
    check(doc) {
      const out: Violation[] = [];
      for (const s of subnets(doc)) {
        const name = s.name.state === 'literal' ? String(s.name.value) : undefined;
        if (name && (NSG_FORBIDDEN_SUBNETS.has(name) || NSG_OPTIONAL_SUBNETS.has(name))) continue;
        let covered: boolean;
        if (s.inline) {
          const sg = judge(doc, s.inline.security_group);
          if (sg.state === 'unresolved') {
            out.push({ address: s.address, severity: 'warning', message: `${s.label} security_group cannot be verified: value is ${show(sg.text)}` });
            continue;
          }
          covered = sg.state === 'literal' && typeof sg.value === 'string' && sg.value.length > 0;
        } else {
          covered = doc.referencing('azurerm_subnet_network_security_group_association', 'subnet_id', s.node).some((r) => r.suffix === '');
        }
        if (covered) continue;
        if (s.name.state === 'unresolved') out.push({ address: s.address, severity: 'warning', message: `${s.label} has no NSG and its name cannot be verified (${show(s.name.text)})` });
        else out.push({ address: s.address, message: `${s.label} ${name ? show(name) + ' ' : ''}has no network security group association` });
      }
      return out;
    },
  },
  {
    id: 'AILZ-NET-004', severity: 'error', area: 'network',
    title: 'Private endpoint subnets enforce network policies (NSGs apply to endpoints)',
    rationale: 'With private endpoint network policies disabled (the azurerm default) NSG rules are ignored for endpoint traffic.',
    remediation: 'set private_endpoint_network_policies = "Enabled" (or "NetworkSecurityGroupEnabled") on the endpoint subnet',
    references: { mcsb: ['NS-1'] },
    check(doc) {
      const out: Violation[] = [];
      const seen = new Set<string>();
      for (const pe of doc.ofType('azurerm_private_endpoint')) {
        const raw = pe.attrs.subnet_id;
        const ref = parseRef(raw);
        const subnet = ref && !ref.suffix && ref.attr === 'id' ? doc.byAddress(ref.address) : undefined;
        if (!subnet || subnet.type !== 'azurerm_subnet') {
          const key = `?${pe.address}`;
          if (!seen.has(key)) { seen.add(key); out.push({ address: pe.address, severity: 'warning', message: `subnet_id ${show(raw)} is not a subnet in this stack; its private endpoint network policies cannot be verified` }); }
          continue;
        }
        if (seen.has(subnet.address)) continue;
        seen.add(subnet.address);
        const v = checkValue(doc, subnet, { path: 'private_endpoint_network_policies', secure: (x) => x === 'Enabled' || x === 'NetworkSecurityGroupEnabled', expected: '"Enabled"', defaultValue: 'Disabled' });
        if (v) out.push(v);
      }
      return out;
    },
  },
  {
    id: 'AILZ-NET-005', severity: 'error', area: 'network',
    title: 'Workload (spoke) VNets are peered to the hub',
    rationale: 'A spoke without hub peering cannot resolve the private DNS zones or reach shared services, and invites ad-hoc connectivity around the hub.',
    remediation: 'add an azurerm_virtual_network_peering from the spoke VNet to the hub VNet (and the reverse in the platform stack)',
    references: { mcsb: ['NS-1'] },
    check(doc) {
      if (doc.kind !== 'workload') return [];
      const peerings = doc.ofType('azurerm_virtual_network_peering');
      const literalNames = new Set(peerings.map((p) => judge(doc, p.attrs.virtual_network_name)).filter((j) => j.state === 'literal').map((j: any) => String(j.value)));
      const out: Violation[] = [];
      for (const vnet of doc.ofType('azurerm_virtual_network')) {
        if (doc.referencing('azurerm_virtual_network_peering', 'virtual_network_name', vnet).length > 0) continue;
        const name = judge(doc, vnet.attrs.name);
        if (name.state === 'literal' && literalNames.has(String(name.value))) continue;
        out.push({ address: vnet.address, message: `virtual network in workload stack ${doc.stack} has no peering to the hub` });
      }
      return out;
    },
  },
  resourceRule({
    id: 'AILZ-NET-006', severity: 'warning', area: 'network', resourceTypes: ['azurerm_virtual_network_peering'],
    title: 'Workload peerings use no gateway transit',
    rationale: 'Gateway transit extends on-premises routes into an AI spoke; it needs a deliberate decision.',
    remediation: 'set allow_gateway_transit = false and use_remote_gateways = false unless hybrid connectivity was approved',
    references: { mcsb: ['NS-1'] },
  }, (doc, node) => {
    if (doc.kind !== 'workload') return undefined;
    return checkValue(doc, node, { path: 'use_remote_gateways', secure: isFalse, expected: 'false', defaultValue: false })
      ?? checkValue(doc, node, { path: 'allow_gateway_transit', secure: isFalse, expected: 'false', defaultValue: false });
  }),
  {
    id: 'AILZ-NET-007', severity: 'warning', area: 'network',
    title: 'Subnets disable default outbound internet access',
    rationale: 'Default outbound access gives VMs an implicit, unmanaged public IP for egress.',
    remediation: 'set default_outbound_access_enabled = false on the subnet',
    references: { azurePolicy: ['7bca8353-aa3b-429b-904a-9229c4385837'], mcsb: ['NS-1'] },
    check(doc) {
      const out: Violation[] = [];
      for (const s of subnets(doc)) {
        const v = judge(doc, s.inline ? s.inline.default_outbound_access_enabled : s.node.attrs.default_outbound_access_enabled);
        if (v.state === 'unresolved') out.push({ address: s.address, severity: 'warning', message: `${s.label} default_outbound_access_enabled cannot be verified: value is ${show(v.text)}` });
        else if (v.state === 'missing' || v.value !== false) out.push({ address: s.address, message: `${s.label} default_outbound_access_enabled is ${v.state === 'missing' ? 'not set (azurerm default true)' : show(v.value)}; expected false` });
      }
      return out;
    },
  },
  {
    id: 'AILZ-NET-008', severity: 'error', area: 'network',
    title: 'A flow log to a storage account without shared keys writes with a user-assigned identity that may write blobs there',
    rationale: 'Network Watcher writes flow logs with the storage account key unless the flow log has a user-assigned managed identity '
      + '(Learn "Managed identity for virtual network flow logs"; "Virtual network flow logs overview": rotating the keys stops flow logs). '
      + 'An account with shared keys disabled refuses those writes: the flow log shows as enabled, and no flow log or traffic analytics '
      + 'data ever arrives (review F13). azurerm 4.55 azurerm_network_watcher_flow_log has no identity argument.',
    remediation: 'manage the flow log as azapi_resource "Microsoft.Network/networkWatchers/flowLogs" with identity { type = "UserAssigned" }, '
      + 'and grant that identity Storage Blob Data Contributor on the account',
    references: { mcsb: ['LT-4', 'IM-1'] },
    check(doc) {
      const out: Violation[] = [];
      for (const f of flowLogs(doc)) {
        const account = flowLogAccount(doc, f);
        if (!account) continue;
        const keys = judge(doc, account.attrs.shared_access_key_enabled);
        if (keys.state !== 'literal' || keys.value !== false) continue;
        if (f.provider === 'azurerm') {
          out.push({ address: f.node.address, message: `writes to ${account.address}, which has shared keys disabled, and azurerm_network_watcher_flow_log cannot carry a managed identity: no flow log data will arrive` });
          continue;
        }
        const type = judge(doc, f.identity?.type);
        if (type.state === 'unresolved') { out.push({ address: f.node.address, severity: 'warning', message: `identity type cannot be verified: ${show(type.text)}` }); continue; }
        const ids = judge(doc, f.identity?.ids);
        const identityRefs = (ids.state === 'literal' && Array.isArray(ids.value) ? ids.value : []).map((x: unknown) => parseRef(x)).filter((r): r is NonNullable<typeof r> => r !== undefined && r.attr === 'id');
        if (type.state !== 'literal' || !String(type.value).includes('UserAssigned') || identityRefs.length === 0) {
          out.push({ address: f.node.address, message: `writes to ${account.address}, which has shared keys disabled, without a user-assigned identity (identity type ${show(type.state === 'literal' ? type.value : undefined)})` });
          continue;
        }
        if (!identityRefs.some((r) => canWriteBlobs(doc, r.address, account))) {
          out.push({ address: f.node.address, message: `none of its identities (${identityRefs.map((r) => r.address).join(', ')}) holds Storage Blob Data Contributor on ${account.address}` });
        }
      }
      return out;
    },
  },
  {
    id: 'AILZ-NET-009', severity: 'error', area: 'network',
    title: 'A flow log leaves retention to the storage account lifecycle policy when the account has one',
    rationale: 'A flow log with retention enabled writes its own lifecycle rule into the destination account and overwrites the rules '
      + 'already there (azurerm 4.55 website/docs/r/network_watcher_flow_log.html.markdown:14); an account has a single management policy, '
      + 'so the flow log and azurerm_storage_management_policy overwrite each other on every apply (review F14).',
    remediation: 'disable the flow log retention (retention_policy / properties.retentionPolicy enabled = false) and delete base blobs, '
      + 'versions and snapshots in the account\'s azurerm_storage_management_policy',
    references: { mcsb: ['LT-6'] },
    check(doc) {
      const out: Violation[] = [];
      for (const f of flowLogs(doc)) {
        const account = flowLogAccount(doc, f);
        if (!account || f.retentionEnabled.state !== 'literal' || f.retentionEnabled.value !== true) continue;
        const policies = doc.referencing('azurerm_storage_management_policy', 'storage_account_id', account).filter((r) => r.suffix === '');
        if (policies.length > 0) {
          out.push({ address: f.node.address, message: `retention is enabled and ${account.address} also has ${policies.map((p) => p.node.address).join(', ')}: each overwrites the other's lifecycle rules` });
        }
      }
      return out;
    },
  },
  {
    id: 'AILZ-NET-010', severity: 'warning', area: 'network',
    title: 'A flow log\'s Network Watcher is managed or looked up by the same configuration',
    rationale: 'Azure creates the regional Network Watcher (NetworkWatcher_<region> in NetworkWatcherRG) on its own, asynchronously after '
      + 'the first VNet of a region, and never when the subscription opted out of automatic enablement. A flow log that only names it '
      + 'races that creation on a new subscription, or fails (review F24).',
    remediation: 'manage the regional azurerm_network_watcher (adopting an existing one with an import block) and reference it from the '
      + 'flow log, or read it with a data source',
    references: { mcsb: ['LT-4'] },
    check(doc) {
      const out: Violation[] = [];
      for (const f of flowLogs(doc)) {
        if (isExpression(f.watcher)) {
          const ref = parseRef(f.watcher);
          if (!ref || doc.byAddress(ref.address)) continue;
        }
        if (f.provider === 'azurerm' && typeof f.watcher === 'string'
          && doc.ofType('azurerm_network_watcher').some((w) => judge(doc, w.attrs.name).state === 'literal' && (judge(doc, w.attrs.name) as { value: unknown }).value === f.watcher)) continue;
        out.push({ address: f.node.address, message: `its Network Watcher ${show(f.watcher)} is neither a resource nor a data source of this configuration` });
      }
      return out;
    },
  },
];
