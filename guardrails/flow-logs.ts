/**
 * VNet and NSG flow logs seen the same way whether a document writes them with azurerm
 * (`azurerm_network_watcher_flow_log`, azurerm 4.55: storage_account_id, retention_policy, no identity)
 * or with azapi (`Microsoft.Network/networkWatchers/flowLogs`: body.properties.storageId,
 * body.properties.retentionPolicy, top-level identity), so rules about flow logs cannot be escaped by
 * switching providers.
 */
import { DocumentIndex, ResourceNode } from './types';
import { block, judge, Judged, parseRef, ParsedRef } from './document';
import { azapiIdentity, azapiOfType, bodyValue } from './azapi';

export const FLOW_LOG_ARM_TYPE = 'Microsoft.Network/networkWatchers/flowLogs';

export interface FlowLogView {
  readonly node: ResourceNode;
  readonly provider: 'azurerm' | 'azapi';
  /** The destination storage account, as written (a reference or a literal ID). */
  readonly storage: unknown;
  /** The destination as a reference into this document, when it is one. */
  readonly storageRef?: ParsedRef;
  /** `retention_policy.enabled` / `properties.retentionPolicy.enabled`. */
  readonly retentionEnabled: Judged;
  /** Identity type and user-assigned identity IDs (azurerm flow logs have none). */
  readonly identity?: { readonly type: unknown; readonly ids: unknown };
  /** How the parent Network Watcher is named: `parent_id` (azapi) or `network_watcher_name` (azurerm). */
  readonly watcher: unknown;
}

export function flowLogs(doc: DocumentIndex): FlowLogView[] {
  const out: FlowLogView[] = [];
  for (const node of doc.ofType('azurerm_network_watcher_flow_log')) {
    const retention = block(node.attrs, 'retention_policy');
    out.push({
      node,
      provider: 'azurerm',
      storage: node.attrs.storage_account_id,
      storageRef: parseRef(node.attrs.storage_account_id),
      retentionEnabled: retention ? judge(doc, retention.enabled) : { state: 'missing' },
      watcher: node.attrs.network_watcher_name,
    });
  }
  for (const view of azapiOfType(doc, FLOW_LOG_ARM_TYPE)) {
    if (view.update) continue;
    const storage = bodyValue(view, 'properties.storageId');
    const identity = azapiIdentity(view);
    out.push({
      node: view.node,
      provider: 'azapi',
      storage,
      storageRef: parseRef(storage),
      retentionEnabled: judge(doc, bodyValue(view, 'properties.retentionPolicy.enabled')),
      identity: identity ? { type: identity.type, ids: identity.identity_ids } : undefined,
      watcher: view.node.attrs.parent_id,
    });
  }
  return out;
}

/** The flow logs of `doc` that write to the storage account `account` (a reference to its `id`). */
export function flowLogsInto(doc: DocumentIndex, account: ResourceNode): FlowLogView[] {
  return flowLogs(doc).filter((f) => f.storageRef?.address === account.address && f.storageRef.attr === 'id' && f.storageRef.suffix === '');
}
