import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { ApiManagement as AzurermApiManagement } from '@cdktf/provider-azurerm/lib/api-management';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { PrivateDnsZone as AzurermPrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsARecord } from '@cdktf/provider-azurerm/lib/private-dns-a-record';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { APIM_INTERNAL_SUBNET_RULES, APIM_INTERNET_OUTBOUND_RULES, APIM_LOG_CATEGORIES, APIM_TIERS, AZURE_MONITOR_LOGGER_NAME, apimTier } from '../../azure/api-management';
import { ARM_TYPES } from '../../azure/arm-types';
import { ROLES } from '../../azure/roles';
import { AzapiResourceAction } from '../core/azapi';
import { DIAGNOSTIC_SETTING_NAME } from '../core/diagnostics';
import { ResourceGroup } from '../core/resource-group';
import { grantRole } from '../identity/role-assignment';
import { LogAnalyticsWorkspace } from '../monitoring/log-analytics-workspace';
import { SecuredSubnet } from '../network/secured-subnet';
import { SecurityRuleSpec, closingInboundDenies, denyInternetOutbound } from '../network/security-rules';

/** Name of the diagnostic setting that sends prompts and completions (GatewayLlmLogs) to the prompt workspace. */
export const PROMPT_DIAGNOSTIC_SETTING_NAME = 'diag-ailz-prompts-to-log-analytics';

/** Log categories the security workspace receives from the gateway: everything except prompt bodies. */
export const GATEWAY_SECURITY_LOG_CATEGORIES = [APIM_LOG_CATEGORIES.gateway, 'WebSocketConnectionLogs', 'DeveloperPortalAuditLogs'] as const;

/** The closing outbound deny of the gateway subnet: the VNet is reached on HTTPS only (AllowVnetHttpsOutbound). */
const DENY_VNET_OUTBOUND_PRIORITY = 4010;

/** The gateway's hostname: `<name>.azure-api.net` (also the name of its private DNS zone). */
export function gatewayHostname(name: string): string {
  return `${name}.azure-api.net`;
}

export interface PromptLogOptions {
  /** Resource group created for the prompt workspace alone, so grants on other groups never reach it. */
  readonly resourceGroupName: string;
  readonly workspaceName: string;
  /** The one group that may read prompts and completions (Log Analytics Data Reader on the workspace). */
  readonly readerGroupObjectId: string;
  /** Days prompts and completions are kept (30-730). */
  readonly retentionDays: number;
}

export interface ApiGatewayProps {
  /** `apim-...`: also the hostname `<name>.azure-api.net`. */
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  /** `Developer_1`, `Premium_N` or `PremiumV2_N`: the tiers with virtual network injection. */
  readonly skuName: string;
  readonly publisherName: string;
  readonly publisherEmail: string;
  /** The VNet the gateway is injected into (hub for the shared gateway, spoke for an isolated one). */
  readonly virtualNetwork: { readonly id: string; readonly name: string };
  /** The gateway subnet (`api-management` slot of the subnet plan). */
  readonly subnet: { readonly name: string; readonly networkSecurityGroupName: string; readonly cidr: string };
  /** The security workspace: gateway metadata logs (with the caller trace), metrics, and the NSG's logs. */
  readonly logAnalyticsWorkspaceId: string;
  /** Where prompts and completions go, and who may read them. */
  readonly promptLog: PromptLogOptions;
  /** @default {} - no tags */
  readonly tags?: Record<string, string>;
}

/**
 * The AI gateway: an API Management instance injected in internal mode into its own subnet, so its gateway
 * has only a private IP from the first apply (no second step: Learn "Deploy your Azure API Management
 * instance to a virtual network - internal mode"; the private-endpoint-only alternative needs public access
 * on at creation, azurerm 4.55 `api_management.html.markdown`). System-assigned identity (it calls the
 * models with it), TLS 1.0/1.1 and SSL 3.0 off on both sides, legacy control-plane API versions refused
 * (`min_api_version`), direct management API off.
 *
 * DNS: internal-mode endpoints are not in public DNS. A private zone named exactly `<name>.azure-api.net`
 * (apex A record -> the gateway's private IP) resolves the gateway hostname in every linked VNet without
 * shadowing the rest of `azure-api.net`; workloads link their spoke to it (HubAttachment-style).
 *
 * Logs: two diagnostic settings split by sensitivity. `GatewayLogs` (request metadata and ailz's caller
 * trace, never bodies: the API diagnostics log 0 body bytes), WebSocket and portal logs and `AllMetrics`
 * go to the security workspace; `GatewayLlmLogs` (prompts, completions, token counts) go to a workspace of
 * their own in a resource group of their own, where only `promptLog.readerGroupObjectId` is granted
 * Log Analytics Data Reader and whose query audit log (LAQueryLogs) goes to the security workspace.
 * Both use resource-specific tables (`ApiManagementGatewayLogs`, `ApiManagementGatewayLlmLog`).
 *
 * Workloads own their APIs, backends, policies and role assignments on this gateway; each spoke's NSG admits
 * the gateway subnet, and only it, to its Azure OpenAI private endpoint.
 */
export class ApiGateway extends Construct {
  readonly id: string;
  readonly name: string;
  readonly resourceGroupName: string;
  /** `https://<name>.azure-api.net` */
  readonly gatewayUrl: string;
  /** Principal ID of the system-assigned identity (a Terraform reference). */
  readonly principalId: string;
  readonly resource: AzurermApiManagement;
  readonly subnet: SecuredSubnet;
  readonly promptWorkspace: LogAnalyticsWorkspace;
  readonly dnsZone: AzurermPrivateDnsZone;
  /** ID of the instance's Azure Monitor logger (API diagnostics reference it). */
  readonly azureMonitorLoggerId: string;

  constructor(scope: Construct, id: string, props: ApiGatewayProps) {
    super(scope, id);
    const tags = props.tags ?? {};
    const tier = apimTier(props.skuName);
    const fact = tier ? APIM_TIERS[tier] : undefined;
    if (!tier || !fact?.vnetInjection) {
      throw new Error(`ApiGateway ${props.name}: sku ${props.skuName} has no virtual network injection; use Developer_1, Premium_<n> or PremiumV2_<n> (the gateway must be private from its first apply)`);
    }
    const prefix = Number(props.subnet.cidr.split('/')[1]);
    if (fact.injectionSubnet && prefix > fact.injectionSubnet.maxPrefix) {
      throw new Error(`ApiGateway ${props.name}: subnet ${props.subnet.cidr} is smaller than the /${fact.injectionSubnet.maxPrefix} ${tier} needs`);
    }

    this.subnet = new SecuredSubnet(this, 'Subnet', {
      name: props.subnet.name,
      networkSecurityGroupName: props.subnet.networkSecurityGroupName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      virtualNetworkName: props.virtualNetwork.name,
      addressPrefix: props.subnet.cidr,
      securityRules: gatewaySubnetRules(props.subnet.cidr),
      ...(fact.injectionSubnet?.delegation ? {
        delegation: { serviceName: fact.injectionSubnet.delegation, actions: ['Microsoft.Network/virtualNetworks/subnets/action'] },
      } : {}),
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      tags,
    });

    this.resource = new AzurermApiManagement(this, 'Resource', {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      publisherName: props.publisherName,
      publisherEmail: props.publisherEmail,
      skuName: props.skuName,
      identity: { type: 'SystemAssigned' },
      virtualNetworkType: 'Internal',
      virtualNetworkConfiguration: { subnetId: this.subnet.id },
      // azurerm 4.55 doc: "applicable only to the Management plane ... required to be `true` on the creation".
      // In internal mode the gateway has no public endpoint whatever this says; AILZ-APIM-001 judges the mode.
      publicNetworkAccessEnabled: true,
      // Older control-plane API versions share service secrets with read-only users (built-in policy
      // 549814b6 "API Management minimum API version should be set to 2019-12-01 or higher"); ailz's own
      // azapi calls use 2024-05-01 and later, so the floor is set above that policy's.
      minApiVersion: '2021-08-01',
      security: {
        backendSsl30Enabled: false,
        backendTls10Enabled: false,
        backendTls11Enabled: false,
        frontendSsl30Enabled: false,
        frontendTls10Enabled: false,
        frontendTls11Enabled: false,
        tripleDesCiphersEnabled: false,
      },
      // The direct management API off. v2 tiers have none, and azurerm 4.55 refuses the block there ("`tenant_access`
      // is not supported for sku tiers `Consumption` and `V2`", internal/services/apimanagement/api_management_resource.go).
      ...(tier === 'PremiumV2' ? {} : { tenantAccess: { enabled: false } }),
      tags,
      // Injection needs the NSG on the subnet first (Learn: the internal load balancer rejects all inbound without one).
      dependsOn: [this.subnet.networkSecurityGroupAssociation],
    });
    this.id = this.resource.id;
    this.name = props.name;
    this.resourceGroupName = props.resourceGroupName;
    this.principalId = this.resource.identity.principalId;
    this.gatewayUrl = `https://${gatewayHostname(props.name)}`;

    this.dnsZone = new AzurermPrivateDnsZone(this, 'DnsZone', { name: gatewayHostname(props.name), resourceGroupName: props.resourceGroupName, tags });
    new PrivateDnsARecord(this, 'DnsRecord', {
      name: '@',
      zoneName: this.dnsZone.name,
      resourceGroupName: props.resourceGroupName,
      ttl: 300,
      records: [Fn.element(this.resource.privateIpAddresses, 0)],
      tags,
    });
    new PrivateDnsZoneVirtualNetworkLink(this, 'DnsLink', {
      name: `link-${props.virtualNetwork.name}`,
      privateDnsZoneName: this.dnsZone.name,
      resourceGroupName: props.resourceGroupName,
      virtualNetworkId: props.virtualNetwork.id,
      registrationEnabled: false,
      tags,
    });

    // Prompts and completions: a workspace of their own, in a resource group of their own.
    const promptGroup = new ResourceGroup(this, 'PromptResourceGroup', { name: props.promptLog.resourceGroupName, location: props.location, tags });
    this.promptWorkspace = new LogAnalyticsWorkspace(this, 'PromptWorkspace', {
      name: props.promptLog.workspaceName,
      resourceGroupName: promptGroup.name,
      location: props.location,
      retentionInDays: props.promptLog.retentionDays,
      diagnosticsWorkspaceId: props.logAnalyticsWorkspaceId,
      tags,
    });
    grantRole(this.promptWorkspace, 'LogAnalyticsDataReader', this.promptWorkspace.workspaceId, ROLES.logAnalyticsDataReader,
      { name: 'PromptReaders', principalId: props.promptLog.readerGroupObjectId, principalType: 'Group' });

    new MonitorDiagnosticSetting(this, 'Diagnostics', {
      name: DIAGNOSTIC_SETTING_NAME,
      targetResourceId: this.id,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      logAnalyticsDestinationType: 'Dedicated',
      enabledLog: GATEWAY_SECURITY_LOG_CATEGORIES.map((category) => ({ category })),
      enabledMetric: [{ category: 'AllMetrics' }],
    });
    new MonitorDiagnosticSetting(this, 'PromptDiagnostics', {
      name: PROMPT_DIAGNOSTIC_SETTING_NAME,
      targetResourceId: this.id,
      logAnalyticsWorkspaceId: this.promptWorkspace.workspaceId,
      logAnalyticsDestinationType: 'Dedicated',
      enabledLog: [{ category: APIM_LOG_CATEGORIES.llm }],
    });

    // A PUT, not an azapi_resource: API Management adds its own `azuremonitor` logger at some point after
    // the instance is created (Azure-Samples/apim-genai-gateway-toolkit#43: "APIM automatically adds these
    // resources in the 30 or so minutes post deployment"), and azapi_resource refuses to create an object
    // that exists ("Resource already exists", azapi v2.12.0 azapi_resource.go:873-883) - a race on the first
    // apply. The PUT creates it or rewrites it to the same body, whichever came first (ARM "Logger - Create
    // Or Update").
    const logger = new AzapiResourceAction(this, 'AzureMonitorLogger', {
      arm: ARM_TYPES.apiManagementLogger,
      resourceId: `${this.id}/loggers/${AZURE_MONITOR_LOGGER_NAME}`,
      method: 'PUT',
      body: { properties: { loggerType: 'azureMonitor', isBuffered: true } },
    });
    this.azureMonitorLoggerId = logger.id;
  }
}

/**
 * The gateway subnet's NSG: Microsoft's required rules for internal mode (APIM_INTERNAL_SUBNET_RULES),
 * HTTPS from the VNet and peered VNets (callers), the rate-limit counter sync between units, and egress to
 * the VNet (the spokes' private endpoints) on HTTPS only. One rule for every spoke rather than one per
 * workload: per-workload rules on a shared NSG would need coordinated priorities (and an NSG holds at most
 * 1,000 rules); which endpoint the gateway may reach is decided at each endpoint (its subnet's NSG), where
 * the workload owns it.
 */
export function gatewaySubnetRules(cidr: string): SecurityRuleSpec[] {
  const rules: SecurityRuleSpec[] = [
    ...closingInboundDenies(),
    denyInternetOutbound(),
    {
      name: 'AllowVnetHttpsInbound', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp',
      source: 'VirtualNetwork', destination: cidr, destinationPorts: ['443'],
      description: 'Callers in the hub and peered spokes reach the gateway on HTTPS; authorization is the gateway policy (Entra token, app role).',
    },
    {
      name: 'AllowSyncCountersInbound', priority: 130, direction: 'Inbound', access: 'Allow', protocol: 'Udp',
      source: cidr, destination: cidr, destinationPorts: ['4290'],
      description: 'Rate-limit counter sync between gateway units (Learn "Virtual network configuration reference: API Management").',
    },
    {
      name: 'AllowSyncCountersOutbound', priority: 150, direction: 'Outbound', access: 'Allow', protocol: 'Udp',
      source: cidr, destination: cidr, destinationPorts: ['4290'],
      description: 'Rate-limit counter sync between gateway units (Learn "Virtual network configuration reference: API Management").',
    },
    {
      name: 'AllowVnetHttpsOutbound', priority: 200, direction: 'Outbound', access: 'Allow', protocol: 'Tcp',
      source: cidr, destination: 'VirtualNetwork', destinationPorts: ['443'],
      description: 'The gateway calls the models through their private endpoints in the peered spokes, on HTTPS.',
    },
    {
      name: 'DenyVirtualNetworkOutbound', priority: DENY_VNET_OUTBOUND_PRIORITY, direction: 'Outbound', access: 'Deny', protocol: '*',
      source: '*', destination: 'VirtualNetwork', destinationPorts: ['*'],
      description: 'Nothing but HTTPS from the gateway to the VNet and peered VNets.',
    },
  ];
  APIM_INTERNAL_SUBNET_RULES.inbound.forEach((r, i) => rules.push({
    name: r.name, priority: 110 + i * 10, direction: 'Inbound', access: 'Allow', protocol: 'Tcp',
    source: r.source, destination: 'VirtualNetwork', destinationPorts: [...r.ports], description: r.purpose,
  }));
  APIM_INTERNAL_SUBNET_RULES.outbound.forEach((r, i) => rules.push({
    name: r.name, priority: 100 + i * 10, direction: 'Outbound', access: 'Allow', protocol: 'Tcp',
    source: 'VirtualNetwork', destination: r.destination, destinationPorts: [...r.ports], description: r.purpose,
  }));
  // Priorities 160-180: after the service-tag rules (100-140) and the counter sync (150), before the
  // VNet rule (200) and the Internet deny (DenyInternetOutbound).
  APIM_INTERNET_OUTBOUND_RULES.forEach((r, i) => rules.push({
    name: r.name, priority: 160 + i * 10, direction: 'Outbound', access: 'Allow', protocol: r.protocol,
    source: 'VirtualNetwork', destination: 'Internet', destinationPorts: [...r.ports], description: r.purpose,
  }));
  return rules;
}
