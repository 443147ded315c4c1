import { Construct } from 'constructs';
import { ManagementGroup as AzurermManagementGroup } from '@cdktf/provider-azurerm/lib/management-group';

/** The resource ID of a management group, from its name (ID) or its resource ID. */
export function managementGroupResourceId(idOrName: string): string {
  return idOrName.startsWith('/providers/Microsoft.Management/managementGroups/')
    ? idOrName
    : `/providers/Microsoft.Management/managementGroups/${idOrName}`;
}

/** The AI management group names (`<prefix>-ai`, ...), known from the prefix alone. */
export function aiManagementGroupNames(prefix: string, createPlatformGroup: boolean): { readonly ai: string; readonly production: string; readonly experimentation: string; readonly platform?: string } {
  return {
    ai: `${prefix}-ai`,
    production: `${prefix}-ai-production`,
    experimentation: `${prefix}-ai-experimentation`,
    ...(createPlatformGroup ? { platform: `${prefix}-platform` } : {}),
  };
}

export interface AiManagementGroupsProps {
  /**
   * The management group the AI groups hang under: the Tenant Root Group (its ID is the tenant ID) or an
   * existing Azure Landing Zones `landingzones` group. Name or full resource ID.
   */
  readonly parentManagementGroupId: string;
  /** The organization prefix; groups are named `<prefix>-ai`, `<prefix>-ai-production`, ... */
  readonly prefix: string;
  /**
   * Prefix of the display names shown in the portal.
   * @default the prefix - display names like `contoso AI`, `contoso AI production`
   */
  readonly displayNamePrefix?: string;
  /**
   * Create `<prefix>-platform` under the parent for the platform subscription. Do this when the parent is
   * the Tenant Root Group; under an existing ALZ hierarchy the platform groups already exist.
   */
  readonly createPlatformGroup: boolean;
}

/**
 * The AI management-group hierarchy:
 *
 * ```
 * <parent>
 * ├── <prefix>-ai                    central oversight: policies every AI subscription gets
 * │   ├── <prefix>-ai-production
 * │   └── <prefix>-ai-experimentation
 * └── <prefix>-platform              (createPlatformGroup)
 * ```
 */
export class AiManagementGroups extends Construct {
  /** `<prefix>-ai`. */
  public readonly ai: AzurermManagementGroup;
  public readonly production: AzurermManagementGroup;
  public readonly experimentation: AzurermManagementGroup;
  /** Present when `createPlatformGroup` is true. */
  public readonly platform?: AzurermManagementGroup;
  /** Resource IDs (`/providers/Microsoft.Management/managementGroups/<name>`) of the groups. */
  public readonly aiId: string;
  public readonly productionId: string;
  public readonly experimentationId: string;
  public readonly platformId?: string;
  /** The group names (`<prefix>-ai`, ...), known at synth time. */
  public readonly names: { readonly ai: string; readonly production: string; readonly experimentation: string; readonly platform?: string };

  constructor(scope: Construct, id: string, props: AiManagementGroupsProps) {
    super(scope, id);
    const display = props.displayNamePrefix ?? props.prefix;
    const parentId = managementGroupResourceId(props.parentManagementGroupId);
    this.names = aiManagementGroupNames(props.prefix, props.createPlatformGroup);

    this.ai = new AzurermManagementGroup(this, 'Resource', {
      name: this.names.ai,
      displayName: `${display} AI`,
      parentManagementGroupId: parentId,
    });
    this.production = new AzurermManagementGroup(this, 'Production', {
      name: this.names.production,
      displayName: `${display} AI production`,
      parentManagementGroupId: this.ai.id,
    });
    this.experimentation = new AzurermManagementGroup(this, 'Experimentation', {
      name: this.names.experimentation,
      displayName: `${display} AI experimentation`,
      parentManagementGroupId: this.ai.id,
    });
    this.aiId = this.ai.id;
    this.productionId = this.production.id;
    this.experimentationId = this.experimentation.id;
    if (props.createPlatformGroup) {
      this.platform = new AzurermManagementGroup(this, 'Platform', {
        name: this.names.platform!,
        displayName: `${display} platform`,
        parentManagementGroupId: parentId,
      });
      this.platformId = this.platform.id;
    }
  }
}
