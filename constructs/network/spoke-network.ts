import { Construct } from 'constructs';
import { ITerraformDependable, Token } from 'cdktf';
import { VirtualNetwork as AzurermVirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { VirtualNetworkPeering as AzurermVirtualNetworkPeering } from '@cdktf/provider-azurerm/lib/virtual-network-peering';
import { StorageAccount as AzurermStorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { StorageManagementPolicy as AzurermStorageManagementPolicy } from '@cdktf/provider-azurerm/lib/storage-management-policy';
import { PlannedSubnet, planSpokeSubnets } from '../../config/subnet-plan';
import { ARM_TYPES } from '../../azure/arm-types';
import { ROLES } from '../../azure/roles';
import { AzapiResource } from '../core/azapi';
import { DiagnosticSettings } from '../core/diagnostics';
import { Namer } from '../core/naming';
import { PrivateEndpoint } from '../core/private-endpoint';
import { grantRole } from '../identity/role-assignment';
import { UserAssignedIdentity } from '../identity/user-assigned-identity';
import { ApplicationSecurityGroup as AzurermApplicationSecurityGroup } from '@cdktf/provider-azurerm/lib/application-security-group';
import { SecuredSubnet, SubnetDelegationSpec } from './secured-subnet';
import { SecurityRuleSpec, closingInboundDenies, denyInternetOutbound, privateEndpointInbound } from './security-rules';

/**
 * Roles of the subnets the spoke creates (`config/subnet-plan.ts`, `created: true`), in plan order. The
 * plan also reserves `ml-compute` for Azure ML compute in a customer-managed VNet; ailz's ML workspaces
 * use the managed VNet, so that range stays free (review F27).
 */
export type SpokeSubnetRole = 'private-endpoints' | 'app';

/** The spoke VNet's name: the workload namer's `virtualNetwork` name (no qualifier). */
export function spokeVirtualNetworkName(namer: Namer): string {
  return namer.name('virtualNetwork');
}

/**
 * Name of the flow-log storage account. Deterministic, so the governance stack can exclude exactly this
 * account from the `st-no-public-network` Deny assignment (review F1) without reading the workload's state.
 */
export function flowLogStorageAccountName(namer: Namer): string {
  return namer.name('storageAccount', 'flow');
}

/** Resource ID of a VNet from its parts, for cross-stack references computed from the config. */
export function virtualNetworkResourceId(subscriptionId: string, resourceGroupName: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.Network/virtualNetworks/${name}`;
}

export interface TrafficAnalyticsWorkspace {
  /**
   * The workspace's customer ID (GUID), which traffic analytics needs besides the resource ID. Azure
   * assigns it when the workspace is created, so it cannot be computed from the config: the workload
   * stack looks it up at plan time.
   */
  readonly workspaceCustomerId: string;
  /** Region of the workspace (the platform's primary location). */
  readonly workspaceRegion: string;
}

export interface SpokeNetworkProps {
  /** The workload namer: VNet `vnet-<prefix>-<workload>-<env>-<region>`, subnets, NSGs, peering, flow log, storage. */
  readonly namer: Namer;
  /** The workload resource group. */
  readonly resourceGroupName: string;
  readonly location: string;
  /** `workloads[].addressSpace` (a /24 or larger; the config already rejects smaller spaces). */
  readonly addressSpace: string;
  /** Resource ID of the hub VNet (computed from the config): target of the spoke-to-hub peering. */
  readonly hubVirtualNetworkId: string;
  /** Platform workspace: VNet/NSG/storage diagnostics and traffic analytics. */
  readonly logAnalyticsWorkspaceId: string;
  readonly trafficAnalytics: TrafficAnalyticsWorkspace;
  /** ID of the `privatelink.blob.core.windows.net` zone: the flow-log account's blob endpoint registers there. */
  readonly blobPrivateDnsZoneId: string;
  /**
   * The region's Network Watcher (`RegionalNetworkWatcher`): the flow log is its child, and the VNet
   * depends on `resource` so Azure's automatic watcher creation never races ailz's.
   */
  readonly networkWatcher: { readonly id: string; readonly resource?: ITerraformDependable };
  /**
   * Days flow-log blobs (and their versions and snapshots) are kept: the account's lifecycle policy
   * deletes older ones. The flow log's own retention stays off: it would overwrite the policy (F14).
   * @default 90
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Traffic analytics processing interval, 10 or 60 minutes.
   * @default 10 - detections see flows within minutes
   */
  readonly trafficAnalyticsIntervalMinutes?: 10 | 60;
  /**
   * How the flow-log storage account's public endpoint is configured. Network Watcher is not a
   * private-endpoint client: it writes as a trusted Azure service, and the trusted-services
   * exception only applies while public network access is "enabled from selected networks"
   * (with `Disabled` the firewall blocks trusted services too, and flow logs silently stop).
   * - `trustedServicesOnly`: public network access on, firewall default Deny, no IP or VNet rules,
   *   bypass `AzureServices` only: nothing but trusted Azure services reaches the public endpoint.
   *   The governance stack excludes exactly this account from the `st-no-public-network` Deny
   *   assignment (`not_scopes`), which would otherwise refuse it (review F1).
   * - `disabled`: public network access off (for when Microsoft documents private write support).
   * @default 'trustedServicesOnly'
   */
  readonly flowLogStoragePublicAccess?: 'trustedServicesOnly' | 'disabled';
  /**
   * Ports on which the VNet and peered networks may reach the workload's private endpoints.
   * @default ['443'] - HTTPS only (every ailz service endpoint is HTTPS)
   */
  readonly privateEndpointInboundPorts?: readonly string[];
  /**
   * Let the app subnet reach the internet. Off, it reaches only Microsoft Entra ID and Azure Monitor
   * (service tags) besides private endpoints in the VNet.
   * @default false - internet egress denied
   */
  readonly allowAppInternetOutbound?: boolean;
  /**
   * Delegation of the app subnet, needed only for a service that injects into it (App Service /
   * Functions regional VNet integration: `Microsoft.Web/serverFarms`). Adding it later to an empty
   * subnet is an in-place update.
   * @default undefined - no delegation: nothing is integrated into the subnet yet
   */
  readonly appSubnetDelegation?: SubnetDelegationSpec;
  /**
   * Extra NSG rules per subnet role, checked like the built-in ones (no Allow inbound from
   * `*`/`Internet`/`Any`/`0.0.0.0/0`). Priorities must not clash with the built-in rules
   * (100, 110, 4000, 4095).
   * @default {} - none
   */
  readonly additionalSecurityRules?: Partial<Record<SpokeSubnetRole, readonly SecurityRuleSpec[]>>;
  /**
   * Use a gateway in the hub (requires the hub to allow gateway transit).
   * @default false - no remote gateway; on-premises routes do not reach the spoke
   */
  readonly useRemoteGateways?: boolean;
  /**
   * Only the AI gateway reaches the Azure OpenAI account's private endpoint (private-endpoint traffic is not
   * filtered by the account's network ACLs, so the NSG must do it): an application security group for that
   * endpoint (`openAiApplicationSecurityGroupId`), an Allow from the gateway subnet and a Deny from anywhere
   * else ahead of the subnet's general VNet rule, which moves from priority 100 to 200.
   * @default undefined - no gateway: the VNet and peered VNets reach every endpoint on the allowed ports
   */
  readonly openAiGatewayAccess?: { readonly gatewaySubnetCidr: string };
  /** @default {} - no tags */
  readonly tags?: Record<string, string>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A workload spoke: VNet from the workload's address space with the deterministic subnet plan
 * (private endpoints, app; the ML compute range stays reserved), a deny-by-default NSG on every subnet,
 * the spoke side of the hub peering, and VNet flow logs to a hardened storage account with traffic
 * analytics to the platform workspace. DNS: the VNet uses Azure-provided DNS, which resolves the
 * private zones linked to it (`HubAttachment`, in the same stack).
 *
 * Flow logs (reviews F13, F14): written with a user-assigned identity that holds Storage Blob Data
 * Contributor on the account, because the account has shared keys disabled and Network Watcher writes
 * with account keys unless the flow log has a managed identity (Learn "Managed identity for virtual
 * network flow logs"). azurerm 4.55's `azurerm_network_watcher_flow_log` has no identity argument, so the
 * flow log is an `azapi_resource` (`Microsoft.Network/networkWatchers/flowLogs`). Retention belongs to
 * the account's lifecycle policy alone: a flow log with retention on writes its own lifecycle rule and
 * overwrites the account's (azurerm 4.55 `website/docs/r/network_watcher_flow_log.html.markdown:14`).
 *
 * NSG design (inbound always ends with DenyInternetInbound 4000 and DenyAllInbound 4095):
 * - private-endpoints: TCP 443 from `VirtualNetwork` (this VNet, the hub, and what peers with it);
 *   private endpoint network policies Enabled so the NSG applies to endpoints. Outbound internet denied.
 * - app: no inbound (VNet integration carries only outbound traffic); outbound to `AzureActiveDirectory`
 *   and `AzureMonitor` on 443, internet denied unless `allowAppInternetOutbound`.
 */
export class SpokeNetwork extends Construct {
  readonly virtualNetworkId: string;
  readonly virtualNetworkName: string;
  readonly subnetIds: Readonly<Record<SpokeSubnetRole, string>>;
  readonly privateEndpointSubnetId: string;
  readonly flowLogStorageAccountId: string;
  /** The identity the flow log writes with. */
  readonly flowLogIdentity: UserAssignedIdentity;
  readonly plan: readonly PlannedSubnet[];
  /** The application security group of the Azure OpenAI private endpoint (with `openAiGatewayAccess`). */
  readonly openAiApplicationSecurityGroupId?: string;

  constructor(scope: Construct, id: string, props: SpokeNetworkProps) {
    super(scope, id);
    const plan = planSpokeSubnets(props.addressSpace);
    if (typeof plan === 'string') throw new Error(`SpokeNetwork: ${plan}`);
    this.plan = plan;
    const { namer } = props;
    const tags = props.tags ?? {};
    const customerId = props.trafficAnalytics.workspaceCustomerId;
    if (!Token.isUnresolved(customerId) && !GUID.test(customerId)) {
      throw new Error(`SpokeNetwork: trafficAnalytics.workspaceCustomerId "${customerId}" is not a GUID; pass the workspace's customer ID (workspace_id attribute), not its name or resource ID`);
    }
    const retention = props.flowLogRetentionDays ?? 90;
    if (!Number.isInteger(retention) || retention < 1 || retention > 365) {
      throw new Error(`SpokeNetwork: flowLogRetentionDays is ${retention}; use an integer from 1 to 365`);
    }

    const vnet = new AzurermVirtualNetwork(this, 'Resource', {
      name: spokeVirtualNetworkName(namer),
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      addressSpace: [props.addressSpace],
      tags,
      // The first VNet of a region makes Azure create a Network Watcher on its own; ailz's must exist first.
      ...(props.networkWatcher.resource ? { dependsOn: [props.networkWatcher.resource] } : {}),
    });
    this.virtualNetworkId = vnet.id;
    this.virtualNetworkName = vnet.name;
    new DiagnosticSettings(this, 'Diagnostics', { targetResourceId: vnet.id, logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId });

    const ports = props.privateEndpointInboundPorts ?? ['443'];
    const gatewayRules: SecurityRuleSpec[] = [];
    if (props.openAiGatewayAccess) {
      const asg = new AzurermApplicationSecurityGroup(this, 'OpenAiEndpointAsg', {
        name: namer.name('applicationSecurityGroup', 'oai'),
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        tags,
      });
      this.openAiApplicationSecurityGroupId = asg.id;
      gatewayRules.push(
        {
          name: 'AllowGatewayToOpenAi', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp',
          source: props.openAiGatewayAccess.gatewaySubnetCidr, destination: 'Azure OpenAI private endpoint', destinationApplicationSecurityGroupIds: [asg.id], destinationPorts: ['443'],
          description: 'Only the AI gateway reaches the Azure OpenAI account; applications call the gateway.',
        },
        {
          name: 'DenyOthersToOpenAi', priority: 110, direction: 'Inbound', access: 'Deny', protocol: '*',
          source: '*', destination: 'Azure OpenAI private endpoint', destinationApplicationSecurityGroupIds: [asg.id], destinationPorts: ['*'],
          description: 'Nothing but the gateway reaches the Azure OpenAI private endpoint (the account\'s network ACLs do not filter private-endpoint traffic).',
        },
        {
          // The gateway NSG allows HTTPS to every spoke (one rule, not one per workload); each spoke narrows it here
          // to its OpenAI endpoint, ahead of AllowVnetToPrivateEndpoints (200).
          name: 'DenyGatewayToOtherEndpoints', priority: 120, direction: 'Inbound', access: 'Deny', protocol: '*',
          source: props.openAiGatewayAccess.gatewaySubnetCidr, destination: '*', destinationPorts: ['*'],
          description: 'The AI gateway reaches this spoke\'s Azure OpenAI endpoint only, none of its other private endpoints.',
        },
      );
    }
    const subnetIds: Record<string, string> = {};
    for (const planned of plan.filter((p) => p.created)) {
      const role = planned.role as SpokeSubnetRole;
      const subnet = new SecuredSubnet(this, `Subnet-${role}`, {
        name: namer.name('subnet', role),
        networkSecurityGroupName: namer.name('networkSecurityGroup', role),
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        virtualNetworkName: vnet.name,
        addressPrefix: planned.cidr,
        securityRules: [
          ...spokeRules(role, planned.cidr, ports, props.allowAppInternetOutbound ?? false, props.openAiGatewayAccess ? 200 : 100),
          ...(role === 'private-endpoints' ? gatewayRules : []),
          ...(props.additionalSecurityRules?.[role] ?? []),
        ],
        privateEndpointSubnet: role === 'private-endpoints',
        ...(role === 'app' && props.appSubnetDelegation ? { delegation: props.appSubnetDelegation } : {}),
        logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
        tags,
      });
      subnetIds[role] = subnet.id;
    }
    this.subnetIds = subnetIds as Record<SpokeSubnetRole, string>;
    this.privateEndpointSubnetId = subnetIds['private-endpoints'];

    // The spoke side of the hub peering; the hub side is declared by the platform stack (HubNetwork.spokes).
    new AzurermVirtualNetworkPeering(this, 'HubPeering', {
      name: namer.name('virtualNetworkPeering', 'to-hub'),
      resourceGroupName: props.resourceGroupName,
      virtualNetworkName: vnet.name,
      remoteVirtualNetworkId: props.hubVirtualNetworkId,
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: false,
      allowGatewayTransit: false,
      useRemoteGateways: props.useRemoteGateways ?? false,
    });

    // Flow-log storage: same region as the VNet (a Network Watcher requirement), Entra-only, no anonymous
    // access, reachable privately through a blob endpoint for analysts, and by Network Watcher as a
    // trusted service (see flowLogStoragePublicAccess).
    const publicAccess = props.flowLogStoragePublicAccess ?? 'trustedServicesOnly';
    const storage = new AzurermStorageAccount(this, 'FlowLogStorage', {
      name: flowLogStorageAccountName(namer),
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      accountKind: 'StorageV2',
      accountTier: 'Standard',
      accountReplicationType: 'LRS',
      minTlsVersion: 'TLS1_2',
      httpsTrafficOnlyEnabled: true,
      allowNestedItemsToBePublic: false,
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      infrastructureEncryptionEnabled: true,
      crossTenantReplicationEnabled: false,
      localUserEnabled: false,
      sftpEnabled: false,
      allowedCopyScope: 'PrivateLink',
      publicNetworkAccessEnabled: publicAccess === 'trustedServicesOnly',
      networkRules: { defaultAction: 'Deny', bypass: ['AzureServices'], ipRules: [], virtualNetworkSubnetIds: [] },
      blobProperties: {
        // Versioning keeps every overwrite of a flow log (tampering leaves the original); the lifecycle
        // policy below expires blobs, versions and snapshots with the retention. The change feed records
        // every write and delete.
        versioningEnabled: true,
        changeFeedEnabled: true,
        changeFeedRetentionInDays: retention,
        deleteRetentionPolicy: { days: 7 },
        containerDeleteRetentionPolicy: { days: 7 },
      },
      tags,
    });
    this.flowLogStorageAccountId = storage.id;
    // The only retention of flow logs (F14): the account holds nothing else, so the rule needs no prefix.
    new AzurermStorageManagementPolicy(this, 'FlowLogStorageLifecycle', {
      storageAccountId: storage.id,
      rule: [{
        name: 'expire-flow-logs',
        enabled: true,
        filters: { blobTypes: ['blockBlob'] },
        actions: {
          baseBlob: { deleteAfterDaysSinceModificationGreaterThan: retention },
          version: { deleteAfterDaysSinceCreation: retention },
          snapshot: { deleteAfterDaysSinceCreationGreaterThan: retention },
        },
      }],
    });
    // The account itself has only metrics; each service has the read/write/delete logs. Flow logs use only blobs,
    // but every service logs: the storage-service DeployIfNotExists policies (b4fe1a3b, 25a70cc8, 7bd000e3,
    // 2fb86bf3) would otherwise deploy the file, queue and table settings outside Terraform (review F15).
    new DiagnosticSettings(this, 'FlowLogStorageDiagnostics', {
      targetResourceId: storage.id, logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId, logCategoryGroups: [],
    });
    for (const [id, service] of [['Blob', 'blobServices'], ['File', 'fileServices'], ['Queue', 'queueServices'], ['Table', 'tableServices']] as const) {
      new DiagnosticSettings(this, `FlowLogStorage${id}Diagnostics`, {
        targetResourceId: `${storage.id}/${service}/default`, logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      });
    }
    new PrivateEndpoint(this, 'FlowLogStorageBlobEndpoint', {
      name: namer.name('privateEndpoint', 'flow-blob'),
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      subnetId: this.privateEndpointSubnetId,
      targetResourceId: storage.id,
      subresource: 'blob',
      dnsZoneIds: { 'privatelink.blob.core.windows.net': props.blobPrivateDnsZoneId },
      tags,
    });

    // The flow log writes with this identity (F13): the account accepts no shared keys.
    this.flowLogIdentity = new UserAssignedIdentity(this, 'FlowLogIdentity', {
      name: namer.name('managedIdentity', 'flowlog'),
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tags,
    });
    const writer = grantRole(this, 'BlobDataContributor', storage.id, ROLES.storageBlobDataContributor, this.flowLogIdentity.grantee('FlowLog'));

    // VNet flow logs (the successor of NSG flow logs): targetResourceId is the VNet.
    // Source: https://learn.microsoft.com/azure/network-watcher/vnet-flow-logs-overview
    const flowLog = new AzapiResource(this, 'FlowLog', {
      arm: ARM_TYPES.flowLog,
      name: namer.name('flowLog'),
      parentId: props.networkWatcher.id,
      location: props.location,
      identity: { type: 'UserAssigned', identityIds: [this.flowLogIdentity.id] },
      body: {
        properties: {
          targetResourceId: vnet.id,
          storageId: storage.id,
          enabled: true,
          format: { type: 'JSON', version: 2 },
          // Off: the account's lifecycle policy owns retention (F14).
          retentionPolicy: { enabled: false, days: 0 },
          flowAnalyticsConfiguration: {
            networkWatcherFlowAnalyticsConfiguration: {
              enabled: true,
              workspaceId: customerId,
              workspaceRegion: props.trafficAnalytics.workspaceRegion,
              workspaceResourceId: props.logAnalyticsWorkspaceId,
              trafficAnalyticsInterval: props.trafficAnalyticsIntervalMinutes ?? 10,
            },
          },
        },
      },
      tags,
      // The role assignment must exist before Network Watcher checks its access to the account.
      dependsOn: [writer.resource],
      // A new assignment takes minutes to reach the storage service: retry authorization errors meanwhile.
      retry: { errorMessageRegex: ['(?i)(authoriz|forbidden|permission|access.?denied)'] },
    });
    // A flow log created as azurerm_network_watcher_flow_log by an earlier ailz (same name, same parent)
    // becomes this resource instead of being destroyed and re-created (azapi supports moves from azurerm).
    flowLog.moveFromId(`azurerm_network_watcher_flow_log.${flowLog.friendlyUniqueId}`);
  }
}

function spokeRules(role: SpokeSubnetRole, cidr: string, ports: readonly string[], appInternet: boolean, endpointPriority: number): SecurityRuleSpec[] {
  const rules: SecurityRuleSpec[] = [...closingInboundDenies()];
  switch (role) {
    case 'private-endpoints':
      rules.push(privateEndpointInbound(cidr, ports, endpointPriority), denyInternetOutbound());
      break;
    case 'app':
      rules.push(
        {
          name: 'AllowEntraIdOutbound', priority: 100, direction: 'Outbound', access: 'Allow', protocol: 'Tcp',
          source: cidr, destination: 'AzureActiveDirectory', destinationPorts: ['443'],
          description: 'Token requests to Microsoft Entra ID.',
        },
        {
          name: 'AllowAzureMonitorOutbound', priority: 110, direction: 'Outbound', access: 'Allow', protocol: 'Tcp',
          source: cidr, destination: 'AzureMonitor', destinationPorts: ['443'],
          description: 'Application telemetry to Azure Monitor / Application Insights ingestion.',
        },
      );
      if (!appInternet) rules.push(denyInternetOutbound());
      break;
  }
  return rules;
}
