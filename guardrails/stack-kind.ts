/**
 * Which kind of stack a configuration is decides which stack-level (must-exist) rules apply, so it
 * must not hang on a file or directory name that anyone can change. In order:
 * 1. `--stack-kind PATH=KIND` given for that input;
 * 2. its resources, when they are those of exactly one kind (what is deployed is the hardest thing to
 *    disguise: an AI workload has an OpenAI or Machine Learning account, whatever the file is called);
 * 3. cdktf's stack metadata (`"//": { "metadata": { "stackName": ... } }`), ailz's naming contract;
 * 4. the stack name (file or directory): `workload-<name>`, `platform`, `governance`;
 * 5. otherwise generic: no stack-level rule applies, and the output says why.
 */
import { StackKind } from './types';

/** The stack kind from ailz's naming contract (`workload-<name>`, `platform`, `governance`). */
export function stackKind(stack: string): StackKind {
  if (stack.startsWith('workload-')) return 'workload';
  if (stack === 'platform') return 'platform';
  if (stack === 'governance') return 'governance';
  return 'generic';
}

export const STACK_KINDS: readonly StackKind[] = ['workload', 'platform', 'governance', 'generic'];

/**
 * Resource types only one kind of ailz stack declares (stacks/*.ts): the governance stack owns the
 * management groups, the platform stack Sentinel (a workload may have a Log Analytics workspace of its
 * own, never the SOC's Sentinel), a workload stack its AI accounts.
 */
const SIGNATURES: readonly [Exclude<StackKind, 'generic'>, readonly string[]][] = [
  ['governance', ['azurerm_management_group', 'azurerm_management_group_subscription_association']],
  ['platform', ['azurerm_sentinel_log_analytics_workspace_onboarding']],
  ['workload', ['azurerm_cognitive_account', 'azurerm_machine_learning_workspace']],
];

export interface KindDecision {
  kind: StackKind;
  /** Why, in a phrase for the output: `its resources (azurerm_cognitive_account.oai)`. */
  reason: string;
}

export interface KindEvidence {
  stack: string;
  /** The first address of each resource type present. */
  firstOfType: (type: string) => string | undefined;
  cdktfStackName?: string;
  override?: { kind: StackKind; given: string };
}

export function decideStackKind(e: KindEvidence): KindDecision {
  if (e.override) return { kind: e.override.kind, reason: `--stack-kind ${e.override.given}` };
  const found: [StackKind, string][] = [];
  for (const [kind, types] of SIGNATURES) {
    for (const t of types) {
      const a = e.firstOfType(t);
      if (a) {
        found.push([kind, a]);
        break;
      }
    }
  }
  if (found.length === 1) return { kind: found[0][0], reason: `its resources: ${found[0][1]} belongs in a ${found[0][0]} stack` };
  const mixed = found.length > 1 ? `; its resources are of several kinds (${found.map(([k, a]) => `${a}: ${k}`).join(', ')})` : '';
  if (e.cdktfStackName && stackKind(e.cdktfStackName) !== 'generic') {
    return { kind: stackKind(e.cdktfStackName), reason: `cdktf metadata names the stack "${e.cdktfStackName}"${mixed}` };
  }
  if (stackKind(e.stack) !== 'generic') return { kind: stackKind(e.stack), reason: `its name "${e.stack}"${mixed}` };
  return {
    kind: 'generic',
    reason: `${found.length > 1 ? `its resources are of several kinds (${found.map(([k, a]) => `${a}: ${k}`).join(', ')})` : 'no resource, cdktf metadata or name identifies a workload, platform or governance stack'}: no stack-level rule applies; set the kind with --stack-kind PATH=KIND`,
  };
}
