import { Construct } from 'constructs';
import { MonitorActionGroup as AzurermMonitorActionGroup } from '@cdktf/provider-azurerm/lib/monitor-action-group';

export interface SecurityActionGroupProps {
  readonly name: string;
  readonly resourceGroupName: string;
  /** Addresses that receive every alert (the organization's security contact). At least one. */
  readonly emails: readonly string[];
  /**
   * Short name shown in SMS and email (Azure: at most 12 characters).
   * @default 'ailz-sec'
   */
  readonly shortName?: string;
  /** @default {} - no tags */
  readonly tags?: Record<string, string>;
}

/** An action group that emails the security contact, with the common alert schema. */
export class SecurityActionGroup extends Construct {
  /** Resource ID (what metric alerts' `action` blocks take). */
  readonly actionGroupId: string;

  constructor(scope: Construct, id: string, props: SecurityActionGroupProps) {
    super(scope, id);
    const shortName = props.shortName ?? 'ailz-sec';
    if (shortName.length < 1 || shortName.length > 12) {
      throw new Error(`SecurityActionGroup ${id}: shortName "${shortName}" has ${shortName.length} characters; Azure allows 1 to 12`);
    }
    const emails = [...new Set(props.emails)].sort();
    if (emails.length === 0) throw new Error(`SecurityActionGroup ${id}: emails is empty; pass the security contact address`);
    const group = new AzurermMonitorActionGroup(this, 'Resource', {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: 'global',
      shortName,
      enabled: true,
      emailReceiver: emails.map((emailAddress, i) => ({ name: `security-contact-${i + 1}`, emailAddress, useCommonAlertSchema: true })),
      tags: props.tags ?? {},
    });
    this.actionGroupId = group.id;
  }
}
