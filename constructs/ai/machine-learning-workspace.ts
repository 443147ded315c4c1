import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { MachineLearningWorkspace as AzurermMachineLearningWorkspace } from '@cdktf/provider-azurerm/lib/machine-learning-workspace';
import { MachineLearningComputeCluster } from '@cdktf/provider-azurerm/lib/machine-learning-compute-cluster';
import { DiagnosticSettings } from '../core/diagnostics';
import { AzapiUpdateResource } from '../core/azapi';
import { ARM_TYPES } from '../../azure/arm-types';
import { ML_IDENTITY_DATASTORES } from '../../azure/machine-learning';
import { ROLES } from '../../azure/roles';
import { Grantee, RoleAssignment, grantRole } from '../identity/role-assignment';
import { PrivateEndpointOptions, addResourcePrivateEndpoint } from '../data/private-access';

/** A user-assigned identity as the ML constructs need it. */
export interface IdentityRef {
  readonly id: string;
  readonly principalId: string;
}

/** Customer-managed key for the workspace (`encryption` block). */
export interface WorkspaceCustomerManagedKey {
  /** Versioned key ID (`VaultKey.versionedId`): the workspace encryption takes a specific version. */
  readonly keyId: string;
  readonly keyVaultId: string;
  /** User-assigned identity holding Key Vault Crypto Service Encryption User on that vault. */
  readonly identityId: string;
}

export interface ComputeClusterOptions {
  /**
   * Cluster name (2-16 characters) inside the workspace.
   * @default 'cpu-cluster'
   */
  readonly name?: string;
  /** @default 'Standard_DS3_v2' */
  readonly vmSize?: string;
  /**
   * Largest number of nodes.
   * @default 4
   */
  readonly maxNodes?: number;
  /**
   * Identity of the nodes (datastore access, image pulls).
   * @default the workspace identity
   */
  readonly identity?: IdentityRef;
  /**
   * A subnet of your own for the nodes.
   * @default undefined - nodes live in the workspace's managed network (no subnet needed)
   */
  readonly subnetId?: string;
}

export interface MachineLearningWorkspaceProps {
  /** `mlw-...` (3-33 characters). */
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  /** The workspace's primary user-assigned identity; holds the data roles listed in `ML_WORKSPACE_IDENTITY_ROLES`. */
  readonly identity: IdentityRef;
  /** The workspace's own (hardened) Key Vault, storage account, registry and workspace-based Application Insights. */
  readonly keyVaultId: string;
  readonly storageAccountId: string;
  readonly containerRegistryId: string;
  readonly applicationInsightsId: string;
  /** The platform Log Analytics workspace: receives allLogs and AllMetrics. */
  readonly logAnalyticsWorkspaceId: string;
  /** The workspace is reachable only through this private endpoint (`amlworkspace`, both ML zones). */
  readonly privateEndpoint: PrivateEndpointOptions;
  /** @default a cluster with the defaults of `ComputeClusterOptions` */
  readonly computeCluster?: ComputeClusterOptions;
  /**
   * Encrypt workspace metadata with a customer-managed key.
   * @default undefined - Microsoft-managed keys
   */
  readonly customerManagedKey?: WorkspaceCustomerManagedKey;
  /**
   * How the workspace reaches its default storage (the system datastores).
   * @default 'identity' - with its managed identity and the user's Entra ID token, so the storage account
   * keeps shared keys disabled (`systemDatastoresAuthMode`, set through azapi: azurerm 4.55 has no argument)
   */
  readonly datastoreAuth?: 'identity' | 'accessKey';
  /**
   * Resources that must exist before the workspace: its identity's role assignments on the storage, key
   * vault and registry (Azure checks access at creation; the managed network approves its private endpoints
   * with them).
   */
  readonly dependsOn?: ITerraformDependable[];
  /** @default {} - no tags */
  readonly tags?: Record<string, string>;
}

/**
 * An Azure Machine Learning workspace: public network access off, a managed network that allows only
 * approved outbound traffic, a user-assigned primary identity, high business impact on (less
 * diagnostic data collected by Microsoft, scratch disks encrypted), identity-based access to its default
 * storage, optional CMK, a private endpoint in both ML zones, diagnostics; and a compute cluster with no
 * public IP, local auth off, SSH off and scale to zero. Environment images are built on that cluster,
 * because the registry is private.
 *
 * The workspace identity approves the managed network's private endpoint to the workspace itself
 * (Azure AI Enterprise Network Connection Approver here, azure/machine-learning.ts); the caller grants the
 * same on the storage, key vault and registry (`dependsOn`). The compute cluster, whose creation provisions
 * the managed network, waits for the approval and for the datastore switch.
 */
export class MachineLearningWorkspace extends Construct {
  readonly id: string;
  readonly name: string;
  readonly resource: AzurermMachineLearningWorkspace;
  readonly computeCluster: MachineLearningComputeCluster;
  /** The `systemDatastoresAuthMode` update (azapi). */
  readonly datastoreAuth: AzapiUpdateResource;

  constructor(scope: Construct, id: string, props: MachineLearningWorkspaceProps) {
    super(scope, id);
    const tags = props.tags ?? {};
    const cmk = props.customerManagedKey;
    const compute = props.computeCluster ?? {};
    const computeName = compute.name ?? 'cpu-cluster';
    if (!/^[a-zA-Z][a-zA-Z0-9-]{1,15}$/.test(computeName)) {
      throw new Error(`MachineLearningWorkspace ${props.name}: compute cluster name "${computeName}" must be 2-16 letters, digits or hyphens, starting with a letter`);
    }
    const identityIds = [...new Set([props.identity.id, ...(cmk ? [cmk.identityId] : [])])];

    this.resource = new AzurermMachineLearningWorkspace(this, 'Resource', {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      skuName: 'Basic',
      keyVaultId: props.keyVaultId,
      storageAccountId: props.storageAccountId,
      containerRegistryId: props.containerRegistryId,
      applicationInsightsId: props.applicationInsightsId,
      identity: { type: 'UserAssigned', identityIds },
      primaryUserAssignedIdentity: props.identity.id,
      publicNetworkAccessEnabled: false,
      managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' },
      highBusinessImpact: true,
      imageBuildComputeName: computeName,
      ...(cmk ? {
        encryption: { keyId: cmk.keyId, keyVaultId: cmk.keyVaultId, userAssignedIdentityId: cmk.identityId },
        // `encryption` is ForceNew in azurerm 4.55 (machine_learning_workspace_resource.go:160-163): the key's
        // version changes on every rotation, and a rotation must not replace the workspace.
        lifecycle: { ignoreChanges: ['encryption'] },
      } : {}),
      ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
      tags,
    });
    this.id = this.resource.id;
    this.name = this.resource.name;

    addResourcePrivateEndpoint(this, 'PrivateEndpoint', {
      options: props.privateEndpoint, resourceName: props.name, targetResourceId: this.id, subresource: 'amlworkspace',
      location: props.location, resourceGroupName: props.resourceGroupName, tags,
    });
    new DiagnosticSettings(this, 'Diagnostics', { targetResourceId: this.id, targetType: 'Microsoft.MachineLearningServices/workspaces', logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId });

    // Identity-based system datastores: the storage account keeps shared keys off (review F8).
    const datastoreAuth = (props.datastoreAuth ?? 'identity') === 'identity' ? ML_IDENTITY_DATASTORES.value : 'AccessKey';
    this.datastoreAuth = new AzapiUpdateResource(this, 'DatastoreAuth', {
      arm: ARM_TYPES.machineLearningWorkspace,
      resourceId: this.id,
      body: { properties: { systemDatastoresAuthMode: datastoreAuth } },
    });
    // The managed network's private endpoint to the workspace itself is approved by the workspace identity (review F7).
    const selfApproval = this.grantPrivateEndpointApproval({ name: 'Workspace', principalId: props.identity.principalId, principalType: 'ServicePrincipal' });

    const maxNodes = compute.maxNodes ?? 4;
    if (!Number.isInteger(maxNodes) || maxNodes < 1) throw new Error(`MachineLearningWorkspace ${props.name}: computeCluster.maxNodes is ${maxNodes}; expected a whole number >= 1`);
    const computeIdentity = compute.identity ?? props.identity;
    this.computeCluster = new MachineLearningComputeCluster(this, 'ComputeCluster', {
      name: computeName,
      machineLearningWorkspaceId: this.id,
      location: props.location,
      vmPriority: 'Dedicated',
      vmSize: compute.vmSize ?? 'Standard_DS3_v2',
      scaleSettings: { minNodeCount: 0, maxNodeCount: maxNodes, scaleDownNodesAfterIdleDuration: 'PT15M' },
      nodePublicIpEnabled: false,
      localAuthEnabled: false,
      sshPublicAccessEnabled: false,
      identity: { type: 'UserAssigned', identityIds: [computeIdentity.id] },
      ...(compute.subnetId ? { subnetResourceId: compute.subnetId } : {}),
      // The first compute provisions the managed network: approvals and datastore access must be in place.
      dependsOn: [selfApproval.resource, this.datastoreAuth],
      tags,
    });
  }

  /** Approve private endpoint connections to this workspace (its managed network's own endpoint): Azure AI Enterprise Network Connection Approver at this workspace. */
  grantPrivateEndpointApproval(grantee: Grantee): RoleAssignment {
    return grantRole(this, 'NetworkConnectionApprover', this.id, ROLES.aiEnterpriseNetworkConnectionApprover, grantee);
  }

  /** Work in the workspace (data, jobs, models) without managing compute or the workspace: AzureML Data Scientist at this workspace. */
  grantDataScientist(grantee: Grantee): RoleAssignment {
    return grantRole(this, 'DataScientist', this.id, ROLES.azureMlDataScientist, grantee);
  }
}
