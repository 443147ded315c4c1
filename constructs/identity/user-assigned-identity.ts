import { Construct } from 'constructs';
import { UserAssignedIdentity as AzurermUserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import type { Grantee } from './role-assignment';

export interface UserAssignedIdentityProps {
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** @default {} - no tags */
  readonly tags?: Record<string, string>;
}

/**
 * A user-assigned managed identity. ailz prefers these to system-assigned identities: they exist
 * before the resource that uses them, so role assignments are in place at first start, and they
 * survive a resource's re-creation without re-granting.
 */
export class UserAssignedIdentity extends Construct {
  /** Resource ID (for `identity_ids`). */
  readonly id: string;
  /** Service principal object ID (for role assignments). */
  readonly principalId: string;
  /** Application (client) ID (for SDK configuration: `AZURE_CLIENT_ID`). */
  readonly clientId: string;
  readonly name: string;

  constructor(scope: Construct, id: string, props: UserAssignedIdentityProps) {
    super(scope, id);
    const identity = new AzurermUserAssignedIdentity(this, 'Resource', {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tags: props.tags ?? {},
    });
    this.id = identity.id;
    this.principalId = identity.principalId;
    this.clientId = identity.clientId;
    this.name = identity.name;
  }

  /** This identity as the receiver of a `grant*` call; `name` labels the assignment's construct id (e.g. `App`). */
  grantee(name: string): Grantee {
    return { name, principalId: this.principalId, principalType: 'ServicePrincipal' };
  }
}
