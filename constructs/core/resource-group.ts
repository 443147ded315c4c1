import { Construct } from 'constructs';
import { ResourceGroup as AzurermResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';

export interface ResourceGroupProps {
  readonly name: string;
  readonly location: string;
  /** @default {} - no tags; stacks always pass the standard tags */
  readonly tags?: Record<string, string>;
}

/** A resource group: the unit of lifecycle and RBAC scope for one stack's resources. */
export class ResourceGroup extends Construct {
  readonly name: string;
  readonly location: string;
  /** Resource ID, e.g. `/subscriptions/<sub>/resourceGroups/<name>` (a Terraform reference). */
  readonly id: string;

  constructor(scope: Construct, id: string, props: ResourceGroupProps) {
    super(scope, id);
    const rg = new AzurermResourceGroup(this, 'Resource', { name: props.name, location: props.location, tags: props.tags ?? {} });
    this.name = rg.name;
    this.location = props.location;
    this.id = rg.id;
  }
}
