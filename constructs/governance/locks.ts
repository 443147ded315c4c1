import { Construct } from 'constructs';
import { ManagementLock as AzurermManagementLock } from '@cdktf/provider-azurerm/lib/management-lock';

export interface DeleteLockProps {
  /** Resource ID of what the lock protects (a resource, resource group or subscription). */
  readonly scope: string;
  /**
   * Lock name (unique per scope).
   * @default 'ailz-do-not-delete'
   */
  readonly name?: string;
  /** Why the lock exists and how to remove it deliberately; shown to whoever hits it. */
  readonly notes: string;
}

/**
 * A `CanNotDelete` management lock: the resource can be changed but not deleted (by anyone, Owner
 * included) until the lock is removed. Used on the platform Log Analytics workspace (audit trail) and on
 * workload key vaults (keys encrypting data).
 */
export class DeleteLock extends Construct {
  public readonly lock: AzurermManagementLock;

  constructor(scope: Construct, id: string, props: DeleteLockProps) {
    super(scope, id);
    if (props.notes.trim().length === 0) throw new Error('DeleteLock: notes must say why the resource is locked');
    this.lock = new AzurermManagementLock(this, 'Resource', {
      name: props.name ?? 'ailz-do-not-delete',
      scope: props.scope,
      lockLevel: 'CanNotDelete',
      notes: props.notes,
    });
  }
}
