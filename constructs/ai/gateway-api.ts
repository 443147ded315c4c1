import { Construct } from 'constructs';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { ApiManagementApi } from '@cdktf/provider-azurerm/lib/api-management-api';
import { ApiManagementApiOperation } from '@cdktf/provider-azurerm/lib/api-management-api-operation';
import { ApiManagementApiPolicy } from '@cdktf/provider-azurerm/lib/api-management-api-policy';
import { ApiManagementBackend } from '@cdktf/provider-azurerm/lib/api-management-backend';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { LLM_LOG_LIMITS } from '../../azure/api-management';
import { ARM_TYPES } from '../../azure/arm-types';
import { ROLES } from '../../azure/roles';
import { AzapiResource } from '../core/azapi';
import { RoleAssignment, grantRole } from '../identity/role-assignment';
import { GatewayPolicyOptions, gatewayPolicyXml } from './gateway-policy';
import { gatewayHostname } from './api-gateway';

/** What a workload needs to know of the gateway it publishes on (shared: computed from the config). */
export interface GatewayRef {
  /** Resource ID of the API Management instance. */
  readonly id: string;
  readonly name: string;
  readonly resourceGroupName: string;
  /** Principal ID of its system-assigned identity (a plan-time lookup for the shared gateway). */
  readonly principalId: string;
}

export interface GatewayApiProps {
  readonly gateway: GatewayRef;
  /**
   * azurerm provider for the gateway's subscription (`azurerm.platform` for the shared gateway).
   * @default the stack's default provider - an isolated gateway in the workload subscription
   */
  readonly gatewayProvider?: TerraformProvider;
  /** The workload name: API `<name>-openai` at path `/<name>/openai`, backend `oai-<name>`. */
  readonly workloadName: string;
  /** The workload's Azure OpenAI account: resource ID and endpoint (`https://<subdomain>.openai.azure.com/`). */
  readonly openAi: { readonly id: string; readonly endpoint: string };
  /** Caller authentication and token limits (the backend is filled in here). */
  readonly policy: Omit<GatewayPolicyOptions, 'backendId'>;
  /**
   * Link the gateway's private DNS zone to the spoke, so applications resolve `<gateway>.azure-api.net`.
   * @default undefined - no link (the gateway lives in this spoke and its own construct linked it)
   */
  readonly spokeDnsLink?: { readonly virtualNetworkId: string; readonly virtualNetworkName: string };
  /** Resources the API must wait for (the logger the diagnostic references). */
  readonly dependsOn?: ITerraformDependable[];
  /** @default {} - no tags */
  readonly tags?: Record<string, string>;
}

/** The API's path on the gateway: `<workload>/openai`, so the OpenAI SDKs append `/deployments/...` as usual. */
export function gatewayApiPath(workloadName: string): string {
  return `${workloadName}/openai`;
}

/**
 * One workload's objects on an AI gateway, owned by the workload stack (through the aliased provider for
 * the shared gateway, as it owns its hub peering): the backend (its Azure OpenAI account, reached through
 * the private endpoint), the API (no subscription keys), its policy (gateway-policy.ts), its Azure Monitor
 * diagnostic with language-model logging (azapi: azurerm 4.55 cannot express `largeLanguageModel`), the
 * gateway identity's Cognitive Services OpenAI User on this account only, and the spoke's link to the
 * gateway's DNS zone. The network side is the spoke's: only the gateway subnet reaches the account's
 * private endpoint (SpokeNetwork `openAiGatewayAccess`).
 */
/**
 * The API's operations: wildcards for the OpenAI data-plane paths (deployments/<name>/chat/completions,
 * embeddings, ...). Two per workload, so 500 workloads (azure/limits.ts) stay within the smallest tier's
 * operation limit (azure/api-management.ts APIM_INSTANCE_LIMITS).
 */
export const GATEWAY_API_METHODS = ['POST', 'GET'] as const;

export class GatewayApi extends Construct {
  readonly apiId: string;
  readonly backendName: string;
  readonly path: string;
  /** `https://<gateway>.azure-api.net/<workload>/openai` */
  readonly url: string;
  readonly roleAssignment: RoleAssignment;

  constructor(scope: Construct, id: string, props: GatewayApiProps) {
    super(scope, id);
    const { gateway, workloadName } = props;
    const provider = props.gatewayProvider;
    const apiName = `${workloadName}-openai`;
    this.backendName = `oai-${workloadName}`;
    this.path = gatewayApiPath(workloadName);
    this.url = `https://${gatewayHostname(gateway.name)}/${this.path}`;
    const common = { provider, apiManagementName: gateway.name, resourceGroupName: gateway.resourceGroupName };

    // The backend address is the account's own hostname: inside the VNet it resolves to the private endpoint.
    const backend = new ApiManagementBackend(this, 'Backend', {
      ...common,
      name: this.backendName,
      description: `Azure OpenAI of workload ${workloadName} (private endpoint; the gateway authenticates with its managed identity)`,
      protocol: 'http',
      url: `${props.openAi.endpoint}openai`,
      tls: { validateCertificateChain: true, validateCertificateName: true },
    });

    const api = new ApiManagementApi(this, 'Resource', {
      ...common,
      name: apiName,
      displayName: `${workloadName} models (Azure OpenAI)`,
      revision: '1',
      path: this.path,
      protocols: ['https'],
      apiType: 'http',
      // Entra ID only: the policy validates the caller's token; a subscription key would be a shared secret.
      subscriptionRequired: false,
      ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
    });
    this.apiId = api.id;

    for (const method of GATEWAY_API_METHODS) {
      new ApiManagementApiOperation(this, `Operation-${method}`, {
        ...common,
        apiName: api.name,
        operationId: `${method.toLowerCase()}-all`,
        displayName: `${method} /*`,
        method,
        urlTemplate: '/*',
      });
    }

    new ApiManagementApiPolicy(this, 'Policy', {
      ...common,
      apiName: api.name,
      xmlContent: gatewayPolicyXml({ ...props.policy, backendId: this.backendName }),
      // set-backend-service names the backend: API Management rejects a policy that references a missing one.
      dependsOn: [backend],
    });

    // Resource logs for this API: request metadata and ailz's caller trace (verbosity information), no body
    // bytes in the gateway log (it goes to the security workspace), and prompts and completions as
    // language-model logs (they go to the prompt workspace). Learn "Log token usage, prompts, and completions
    // for LLM APIs"; the schema bounds maxSizeInBytes to 262144 (azure/api-management.ts LLM_LOG_LIMITS).
    const noBody = { headers: [], body: { bytes: 0 } };
    new AzapiResource(this, 'Diagnostics', {
      // azapi addresses the resource by its full ID (parent_id), so the stack's one azapi provider writes
      // into the platform subscription too; no alias needed.
      arm: ARM_TYPES.apiManagementApiDiagnostic,
      name: 'azuremonitor',
      parentId: `${gateway.id}/apis/${apiName}`,
      body: {
        properties: {
          loggerId: `${gateway.id}/loggers/azuremonitor`,
          alwaysLog: 'allErrors',
          verbosity: 'information',
          logClientIp: true,
          sampling: { samplingType: 'fixed', percentage: 100 },
          frontend: { request: noBody, response: noBody },
          backend: { request: noBody, response: noBody },
          largeLanguageModel: {
            logs: 'enabled',
            requests: { messages: 'all', maxSizeInBytes: LLM_LOG_LIMITS.maxSizeInBytes },
            responses: { messages: 'all', maxSizeInBytes: LLM_LOG_LIMITS.maxSizeInBytes },
          },
        },
      },
      dependsOn: [api],
    });

    // The gateway's identity may call this account's models, nothing else.
    this.roleAssignment = grantRole(this, 'OpenAiUser', props.openAi.id, ROLES.cognitiveServicesOpenAiUser,
      { name: 'Gateway', principalId: gateway.principalId, principalType: 'ServicePrincipal' });

    if (props.spokeDnsLink) {
      new PrivateDnsZoneVirtualNetworkLink(this, 'DnsLink', {
        provider,
        name: `link-${props.spokeDnsLink.virtualNetworkName}`,
        privateDnsZoneName: gatewayHostname(gateway.name),
        resourceGroupName: gateway.resourceGroupName,
        virtualNetworkId: props.spokeDnsLink.virtualNetworkId,
        registrationEnabled: false,
        tags: props.tags ?? {},
      });
    }
  }
}
