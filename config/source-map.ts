/**
 * Where in the landing-zone config a synthesized resource comes from, for reports that point at the
 * file people edit (synth output is not committed). cdktf writes each resource's construct path in
 * `"//": { "metadata": { "path": "<stack>/<construct>/..." } }`; the stacks are named after the config
 * (`workload-<name>`, `platform`, `governance`) and build their constructs from known config sections
 * (stacks/*.ts). Anything not matched below points at the section that owns the stack.
 */
import { isMap, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';

export interface ConfigRegion {
  file: string;
  /** The config path, e.g. `workloads[0].openai`. */
  path: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface ConfigLocator {
  /**
   * The config region that produced a resource of `stack` with cdktf construct path `constructPath`
   * (both as cdktf writes them); `address` places findings about something missing
   * (`azurerm_consumption_budget_subscription[workload-chat]`).
   */
  locate(stack: string, constructPath?: string, address?: string): ConfigRegion | undefined;
}

/** Construct path (below the stack) -> config key below the owning section; first match wins. */
const WORKLOAD_CONSTRUCTS: readonly [RegExp, string][] = [
  [/^(Ai\/OpenAi|OpenAiAlerts)/, 'openai'],
  [/^Ai\/Ml/, 'machineLearning'],
  [/^Ai\/(CmkIdentity|KeyVault)/, 'encryption'],
  [/^Network\//, 'addressSpace'],
  [/^AppIdentity\//, 'access'],
];
const PLATFORM_CONSTRUCTS: readonly [RegExp, string][] = [
  [/^Hub\/PrivateDns/, 'privateDns'],
  [/^Hub\//, 'hubAddressSpace'],
  [/^LogAnalytics/, 'logRetentionDays'],
];

export function configLocator(file: string, text: string): ConfigLocator {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: false });
  const root = doc.contents;

  /** The node at a path of keys and indexes, with the key node that names it (for a one-line region). */
  const find = (parts: (string | number)[]): { node: Node; key?: Node } | undefined => {
    let node: unknown = root;
    let key: Node | undefined;
    for (const p of parts) {
      if (typeof p === 'number') {
        if (!isSeq(node) || !node.items[p]) return undefined;
        node = node.items[p];
        key = undefined;
      } else {
        if (!isMap(node)) return undefined;
        const pair = node.items.find((i) => isScalar(i.key) && i.key.value === p);
        if (!pair) return undefined;
        key = pair.key as Node;
        node = pair.value;
      }
    }
    return node ? { node: node as Node, key } : undefined;
  };

  const region = (parts: (string | number)[], label: string): ConfigRegion | undefined => {
    const hit = find(parts);
    if (!hit) return undefined;
    const anchor = hit.key ?? hit.node;
    const range = anchor.range;
    if (!range) return undefined;
    const start = lineCounter.linePos(range[0]);
    // One line: the key (or the first line of the list item).
    const end = lineCounter.linePos(Math.min(range[1], lineEnd(text, range[0])));
    return { file, path: label, startLine: start.line, startColumn: start.col, endLine: end.line, endColumn: end.col };
  };

  const workloadIndex = (name: string): number => {
    const seq = find(['workloads'])?.node;
    if (!isSeq(seq)) return -1;
    return seq.items.findIndex((w) => isMap(w) && w.items.some((i) => isScalar(i.key) && i.key.value === 'name' && isScalar(i.value) && i.value.value === name));
  };

  /** The most specific existing region: `workloads[i].<key>` if present, else the workload entry. */
  const within = (parts: (string | number)[], label: string, key?: string): ConfigRegion | undefined =>
    (key ? region([...parts, key], `${label}.${key}`) : undefined) ?? region(parts, label);

  const workload = (name: string, key?: string) => {
    const i = workloadIndex(name);
    return i < 0 ? undefined : within(['workloads', i], `workloads[${i}]`, key);
  };

  return {
    locate(stack, constructPath, address) {
      const missingFor = address?.match(/\[workload-([a-z][a-z0-9-]*)\]$/);
      if (!constructPath && missingFor) return workload(missingFor[1], /budget/.test(address ?? '') ? 'budget' : undefined);
      const rest = constructPath?.startsWith(`${stack}/`) ? constructPath.slice(stack.length + 1) : undefined;
      if (stack.startsWith('workload-')) {
        const key = rest ? WORKLOAD_CONSTRUCTS.find(([re]) => re.test(rest))?.[1] : undefined;
        return workload(stack.slice('workload-'.length), key);
      }
      if (stack === 'platform') {
        const spoke = rest?.match(/^Hub\/Spoke-(.+)-Peering/);
        if (spoke) return workload(spoke[1], 'addressSpace') ?? within(['platform'], 'platform');
        const key = rest ? PLATFORM_CONSTRUCTS.find(([re]) => re.test(rest))?.[1] : undefined;
        return within(['platform'], 'platform', key);
      }
      if (stack === 'governance') {
        const w = rest?.match(/^Workload-([a-z][a-z0-9-]*?)(-Admins)?\/(Budget)?/);
        if (w) return workload(w[1], w[3] ? 'budget' : w[2] ? 'access' : undefined);
        if (rest?.startsWith('PlatformSubscription/')) return within(['platform'], 'platform', 'subscriptionId');
        if (rest?.startsWith('Policies/allowed-locations')) return within(['organization'], 'organization', 'allowedLocations');
        if (rest?.startsWith('ManagementGroups/')) return within(['organization'], 'organization', 'parentManagementGroupId');
        return within(['organization'], 'organization');
      }
      return undefined;
    },
  };
}

function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i;
}
