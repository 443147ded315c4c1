/**
 * Loads and validates a landing-zone config: YAML -> strict schema -> cross-field checks -> defaults.
 * Every problem is collected and reported at once, each as `<file>: <path>: <message>`.
 */
import { closeSync, fstatSync, openSync, readlinkSync, readSync } from 'fs';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import {
  MAX_STORAGE_TAG_NAME_BYTES, MAX_TAG_VALUE_BYTES, MAX_TAGS_PER_PRIVATE_DNS_RESOURCE, RESERVED_RANGES, TAG_NAME_FORBIDDEN_CHARACTERS, provisionedSize,
} from '../azure/limits';
import { POLICY_CATALOG, PolicyScope } from '../azure/policy-catalog';
import { formatCidr, overlaps, parseCidr, Cidr } from './cidr';
import {
  AILZ_TAG_NAMES, GLOBAL_PROCESSING_SKUS, landingZoneSchema, LandingZoneInput, MAX_ORGANIZATION_TAGS, MIN_JUSTIFICATION_LENGTH, VISIBLE_CHARACTER,
  WorkloadInput, DeploymentInput,
} from './schema';
import type { LlmTokenQuotaPeriod } from '../azure/api-management';
import { planHubSubnets, planSpokeSubnets } from './subnet-plan';
import { modelLifecycleProblems } from './model-lifecycle';

/** Where prompts and completions go and who may read them. */
export interface PromptLogConfig {
  readonly readerGroupObjectId: string;
  readonly retentionDays: number;
}

/** A workload's AI gateway with every default applied. */
export interface WorkloadGatewayConfig {
  /** A gateway of its own (workload subscription and spoke) instead of the shared platform gateway. */
  readonly isolated: boolean;
  /** SKU of the isolated gateway (undefined for the shared one). */
  readonly sku?: string;
  readonly appRoles: string[];
  readonly clientApplicationIds: string[];
  readonly tokensPerMinute: number;
  readonly tokenQuota?: { tokens: number; period: LlmTokenQuotaPeriod };
  /** Prompt log of an isolated gateway (the shared one uses platform.gateway.promptLog). */
  readonly promptLog?: PromptLogConfig;
}

/** The shared gateway with every default applied. */
export interface PlatformGatewayConfig {
  readonly sku: string;
  readonly audienceAppId: string;
  readonly publisherEmail: string;
  readonly promptLog: PromptLogConfig;
}

/** Default tokens per minute per caller: a tenth of a 100k-TPM deployment, so one caller cannot starve the rest. */
export const DEFAULT_GATEWAY_TOKENS_PER_MINUTE = 10000;
/**
 * Default prompt retention: 90 days, like the security workspace (AILZ-LOG-002: investigations look back
 * months). Shorter (down to 30) is a data-minimization choice the config may make; the guardrail reports it.
 */
export const DEFAULT_PROMPT_RETENTION_DAYS = 90;

/** A workload with every default applied. */
export interface WorkloadConfig extends Omit<WorkloadInput, 'openai' | 'encryption' | 'deleteLock' | 'gateway'> {
  readonly openai: { kind: 'OpenAI' | 'AIServices'; allowGlobalProcessing: boolean; deployments: DeploymentInput[] };
  readonly encryption: { customerManagedKeys: boolean };
  readonly deleteLock: boolean;
  /** The AI gateway in front of the models, or `false` (explicit opt-out). */
  readonly gateway: WorkloadGatewayConfig | false;
}

/** The validated config with every default applied: what stacks and constructs consume. */
export interface LandingZoneConfig extends Omit<LandingZoneInput, 'organization' | 'platform' | 'workloads' | 'suppressions' | 'policyExemptions' | 'decommissionedWorkloads' | 'intendedRemovals'> {
  readonly organization: LandingZoneInput['organization'] & { parentManagementGroupId: string; tags: Record<string, string> };
  readonly platform: Omit<LandingZoneInput['platform'], 'privateDns' | 'gateway'> & {
    privateDns: { mode: 'managed' | 'existing'; resourceGroupId?: string };
    /** The shared gateway; undefined when `platform.gateway` is not configured. */
    gateway?: PlatformGatewayConfig;
  };
  readonly workloads: WorkloadConfig[];
  readonly suppressions: NonNullable<LandingZoneInput['suppressions']>;
  readonly policyExemptions: NonNullable<LandingZoneInput['policyExemptions']>;
  readonly decommissionedWorkloads: NonNullable<LandingZoneInput['decommissionedWorkloads']>;
  /** Destructions of protected resources a reviewer accepted (`ailz diff`, `ailz review-plan`). */
  readonly intendedRemovals: NonNullable<LandingZoneInput['intendedRemovals']>;
}

export interface ValidationOptions {
  /** Rule ids of the guardrail catalog; suppressions naming another id are errors. */
  readonly knownRuleIds?: ReadonlySet<string>;
  /**
   * Checks a suppression's rule id beyond the fixed catalog (the policy simulation's `AZPOLICY-<FAMILY>:<assignment>`
   * ids): the problem, or undefined when the id is valid. Takes precedence over `knownRuleIds` for ids not in it.
   */
  readonly checkRuleId?: (rule: string) => string | undefined;
  /** Policy assignment names exemptions may refer to. */
  readonly knownPolicyAssignments?: ReadonlySet<string>;
  /**
   * Where each policy assignment is assigned (`ai`: <prefix>-ai, `production`, `experimentation`):
   * an exemption must target that management group or a scope below it.
   * @default the scopes of azure/policy-catalog.ts
   */
  readonly policyAssignmentScopes?: ReadonlyMap<string, PolicyScope>;
  /** Today's date (YYYY-MM-DD, UTC) for expiry checks. Default: the current date. */
  readonly today?: string;
  /**
   * Judge every OpenAI deployment against the model catalog (`azure/models.ts`) on this date (YYYY-MM-DD):
   * a model version retired on that date, or not offered in the workload's region as that SKU, is a
   * problem; retirement in less than 90 days, deprecation, unknown models and the like are warnings.
   * Default: not judged (the result would depend on the clock); `ailz validate` and `ailz synth` always
   * pass their `--as-of` date, today unless given.
   */
  readonly asOf?: string;
  /** Receives each warning as `<file>: <path>: <message>` (`parseConfigText`, `loadConfigFile`). Default: dropped. */
  readonly onWarning?: (warning: string) => void;
}

export interface Problem {
  /** Dotted path with array indexes, e.g. `workloads[1].addressSpace`; `(root)` for the document. */
  readonly path: string;
  readonly message: string;
}

/**
 * Thrown for invalid input; `problems` are already formatted as `<file>: <path>: <message>`.
 * `errno` is set when the file could not be read (the CLI tells a permission problem, exit 3, from
 * a missing file, exit 2).
 */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[], readonly errno?: string) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

export { MIN_JUSTIFICATION_LENGTH } from './schema';

const DEFAULT_ASSIGNMENT_SCOPES: ReadonlyMap<string, PolicyScope> = new Map(POLICY_CATALOG.map((e) => [e.key, e.scope]));

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(root)' : out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

/** Known keys of the object schema found at `path`, for "did you mean" hints. */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType = landingZoneSchema;
  for (const seg of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, z.ZodType>)[String(seg)];
    else if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    else return [];
    if (!schema) return [];
  }
  schema = unwrap(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  return s;
}

function issueToProblems(issue: z.core.$ZodIssue): Problem[] {
  const path = issue.path as PropertyKey[];
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(path);
      return issue.keys.map((key) => {
        const close = known.filter((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= 2);
        const hint = close.length > 0 ? ` (did you mean "${close[0]}"?)` : known.length > 0 ? ` (allowed: ${known.join(', ')})` : '';
        return { path: formatPath([...path, key]), message: `unknown field${hint}` };
      });
    }
    case 'invalid_type': {
      const input = (issue as { input?: unknown }).input;
      if (input === undefined) return [{ path: formatPath(path), message: 'is required' }];
      if (issue.message && !issue.message.startsWith('Invalid')) return [{ path: formatPath(path), message: `${issue.message}, got ${describe(input)}` }];
      const expected = issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : issue.expected;
      return [{ path: formatPath(path), message: `must be ${expected}, got ${describe(input)}` }];
    }
    case 'invalid_value': {
      const input = (issue as { input?: unknown }).input;
      if (issue.message && !issue.message.startsWith('Invalid')) return [{ path: formatPath(path), message: issue.message }];
      return [{ path: formatPath(path), message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(input)}` }];
    }
    default: {
      const input = (issue as { input?: unknown }).input;
      const shown = input !== undefined && typeof input !== 'object' ? ` (got ${describe(input)})` : '';
      return [{ path: formatPath(path), message: `${issue.message}${shown}` }];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Cross-field checks. They run on the raw document even when the schema failed, so the user sees
// every problem in one pass; each check guards the types it reads.

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function crossFieldProblems(raw: unknown, opts: ValidationOptions): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  if (!isObj(raw)) return problems;
  const org = isObj(raw.organization) ? raw.organization : {};
  const platform = isObj(raw.platform) ? raw.platform : {};
  const allowed = list(org.allowedLocations).filter((l): l is string => typeof l === 'string');
  const today = opts.today ?? new Date().toISOString().slice(0, 10);

  const primary = str(org.primaryLocation);
  if (primary && allowed.length > 0 && !allowed.includes(primary)) {
    add('organization.primaryLocation', `${primary} is not in organization.allowedLocations (${allowed.join(', ')})`);
  }
  allowed.forEach((loc, i) => {
    if (allowed.indexOf(loc) !== i) add(`organization.allowedLocations[${i}]`, `${loc} is listed twice`);
  });

  // Address spaces: parse once, then size and overlap checks.
  let hub: Cidr | undefined;
  const hubText = str(platform.hubAddressSpace);
  if (hubText) {
    const plan = planHubSubnets(hubText);
    const parsed = parseCidr(hubText);
    if (typeof parsed === 'string') add('platform.hubAddressSpace', parsed);
    else {
      for (const m of reservedOverlaps(hubText, parsed)) add('platform.hubAddressSpace', m);
      if (typeof plan === 'string') add('platform.hubAddressSpace', plan);
      else hub = parsed;
    }
  }

  const privateDns = platform.privateDns;
  if (isObj(privateDns)) {
    if (privateDns.mode === 'existing' && !str(privateDns.resourceGroupId)) {
      add('platform.privateDns.resourceGroupId', 'is required when mode is "existing" (the resource group that holds the platform team\'s privatelink zones)');
    }
    if (privateDns.mode === 'managed' && privateDns.resourceGroupId !== undefined) {
      add('platform.privateDns.resourceGroupId', 'is only used with mode "existing"; ailz creates the zones itself in mode "managed"');
    }
  }

  const platformSub = str(platform.subscriptionId)?.toLowerCase();
  const spaces: { index: number; name: string; cidr: Cidr }[] = [];
  const names = new Map<string, number>();
  const subs = new Map<string, number>();
  list(raw.workloads).forEach((w, i) => {
    if (!isObj(w)) return;
    const at = `workloads[${i}]`;
    const name = str(w.name) ?? `#${i}`;

    const firstWithName = names.get(name);
    if (str(w.name) && firstWithName !== undefined) add(`${at}.name`, `"${name}" is already used by workloads[${firstWithName}]; workload names must be unique`);
    else if (str(w.name)) names.set(name, i);

    const location = str(w.location);
    if (location && allowed.length > 0 && !allowed.includes(location)) {
      add(`${at}.location`, `${location} is not in organization.allowedLocations (${allowed.join(', ')})`);
    }

    const hasSub = w.subscriptionId !== undefined;
    const hasBilling = w.billingScopeId !== undefined;
    if (hasSub === hasBilling) {
      add(at, hasSub ? 'set only one of subscriptionId and billingScopeId' : 'needs exactly one of subscriptionId (an existing subscription) or billingScopeId (to create one)');
    }
    const sub = str(w.subscriptionId)?.toLowerCase();
    if (sub) {
      if (sub === platformSub) {
        add(`${at}.subscriptionId`, `${w.subscriptionId} is the platform subscription; workloads need subscriptions of their own`);
      }
      const first = subs.get(sub);
      if (first !== undefined) {
        add(`${at}.subscriptionId`, `${w.subscriptionId} is already used by workloads[${first}] "${str((list(raw.workloads)[first] as Raw).name)}"; one workload per subscription (production and experimentation must never share one)`);
      } else subs.set(sub, i);
    }

    const spaceText = str(w.addressSpace);
    if (spaceText) {
      const parsed = parseCidr(spaceText);
      if (typeof parsed === 'string') add(`${at}.addressSpace`, parsed);
      else {
        for (const m of reservedOverlaps(spaceText, parsed)) add(`${at}.addressSpace`, m);
        const plan = planSpokeSubnets(spaceText);
        if (typeof plan === 'string') add(`${at}.addressSpace`, plan);
        if (hub && overlaps(parsed, hub)) add(`${at}.addressSpace`, `${spaceText} overlaps platform.hubAddressSpace (${formatCidr(hub)})`);
        for (const other of spaces) {
          if (overlaps(parsed, other.cidr)) {
            add(`${at}.addressSpace`, `${spaceText} overlaps workloads[${other.index}] "${other.name}" (${formatCidr(other.cidr)})`);
          }
        }
        spaces.push({ index: i, name, cidr: parsed });
      }
    }

    const access = isObj(w.access) ? w.access : {};
    if (w.environment === 'production' && isObj(w.access) && access.approversGroupObjectId === undefined) {
      add(`${at}.access.approversGroupObjectId`, 'required for a production workload: activating Contributor through PIM needs an approver (an Entra group other than the admins)');
    }
    if (str(access.approversGroupObjectId) && str(access.approversGroupObjectId)?.toLowerCase() === str(access.adminsGroupObjectId)?.toLowerCase()) {
      add(`${at}.access.approversGroupObjectId`, 'is the admins group; the approvers of an activation must be other people than those who activate');
    }

    const openai = isObj(w.openai) ? w.openai : {};
    const deploymentNames = new Map<string, number>();
    list(openai.deployments).forEach((d, j) => {
      if (!isObj(d)) return;
      const dn = str(d.name);
      if (dn !== undefined) {
        const first = deploymentNames.get(dn.toLowerCase());
        if (first !== undefined) add(`${at}.openai.deployments[${j}].name`, `"${dn}" is already used by deployments[${first}] of this workload`);
        else deploymentNames.set(dn.toLowerCase(), j);
      }
      const sku = str(d.sku);
      if (w.environment === 'production' && sku && GLOBAL_PROCESSING_SKUS.has(sku) && openai.allowGlobalProcessing !== true) {
        add(`${at}.openai.deployments[${j}].sku`, `${sku} may process prompts in any Azure region, outside organization.allowedLocations; use DataZoneStandard or Standard, or set ${at}.openai.allowGlobalProcessing: true to accept global processing in production`);
      }
      const size = sku ? provisionedSize(sku, str(d.model) ?? '', str(d.version) ?? '') : undefined;
      if (size && Number.isInteger(d.capacity) && ((d.capacity as number) < size.minimum || (d.capacity as number) % size.increment !== 0)) {
        const c = d.capacity as number;
        const near = Math.max(size.minimum, Math.round(c / size.increment) * size.increment);
        add(`${at}.openai.deployments[${j}].capacity`, `${c} PTUs: a ${sku} deployment of ${str(d.model)} ${str(d.version)} takes at least ${size.minimum} PTUs in steps of ${size.increment} (e.g. ${near})`);
      }
    });

    const budget = isObj(w.budget) ? w.budget : {};
    duplicatesIn(list(budget.contactEmails), (v) => (typeof v === 'string' ? v.toLowerCase() : undefined))
      .forEach(([k, first]) => add(`${at}.budget.contactEmails[${k}]`, `is listed twice (also contactEmails[${first}])`));
  });

  gatewayProblems(raw, add);

  const decommissioned = new Map<string, number>();
  list(raw.decommissionedWorkloads).forEach((d, i) => {
    const name = str(d);
    if (name === undefined) return;
    const at = `decommissionedWorkloads[${i}]`;
    const first = decommissioned.get(name);
    if (first !== undefined) add(at, `"${name}" is already listed at decommissionedWorkloads[${first}]`);
    else decommissioned.set(name, i);
    const active = names.get(name);
    if (active !== undefined) add(at, `"${name}" is still workloads[${active}]; destroy its stack first (README "Decommission a workload"), then move it here`);
  });

  duplicatesIn(list(platform.deploymentPrincipalIds), (v) => (typeof v === 'string' ? v.toLowerCase() : undefined))
    .forEach(([k, first]) => add(`platform.deploymentPrincipalIds[${k}]`, `is listed twice (also deploymentPrincipalIds[${first}])`));

  if (isObj(org.tags)) for (const p of tagProblems(org.tags)) add(p.path, p.message);

  list(raw.suppressions).forEach((s, i) => {
    if (!isObj(s)) return;
    const at = `suppressions[${i}]`;
    const rule = str(s.rule);
    if (rule && opts.knownRuleIds && !opts.knownRuleIds.has(rule)) {
      const problem = opts.checkRuleId ? opts.checkRuleId(rule) : `unknown rule "${rule}" (see \`ailz rules\`)`;
      if (problem) add(`${at}.rule`, problem);
    }
    checkJustificationAndExpiry(s, at, today, add);
  });

  const exemptionKeys = new Map<string, number>();
  list(raw.policyExemptions).forEach((e, i) => {
    if (!isObj(e)) return;
    const at = `policyExemptions[${i}]`;
    const key = `${str(e.assignment)}|${str(e.scope)?.toLowerCase().replace(/^\/subscriptions\//, '').replace(/^\/providers\/microsoft\.management\/managementgroups\//, '')}`;
    const first = exemptionKeys.get(key);
    if (first !== undefined) add(at, `exempts the same assignment at the same scope as policyExemptions[${first}]`);
    else exemptionKeys.set(key, i);
    const assignment = str(e.assignment);
    if (assignment && opts.knownPolicyAssignments && !opts.knownPolicyAssignments.has(assignment)) {
      add(`${at}.assignment`, `unknown policy assignment "${assignment}" (known: ${[...opts.knownPolicyAssignments].sort().join(', ')})`);
    }
    const conditional = POLICY_CATALOG.find((p) => p.key === assignment && p.onlyWith);
    if (conditional) {
      add(`${at}.assignment`, `ailz does not assign ${assignment} for this config (it is created only with ${conditional.onlyWith}, which the config does not set): there is nothing to exempt`);
    }
    const assignedAt = assignment ? (opts.policyAssignmentScopes ?? DEFAULT_ASSIGNMENT_SCOPES).get(assignment) : undefined;
    const scope = str(e.scope);
    if (assignment && assignedAt && scope) {
      const problem = exemptionScopeProblem(assignment, assignedAt, scope, raw, str(org.prefix));
      if (problem) add(`${at}.scope`, problem);
    }
    checkJustificationAndExpiry(e, at, today, add);
  });

  const removalKeys = new Map<string, number>();
  list(raw.intendedRemovals).forEach((r, i) => {
    if (!isObj(r)) return;
    const at = `intendedRemovals[${i}]`;
    const resource = str(r.resource);
    if (resource !== undefined) {
      const first = removalKeys.get(resource);
      if (first !== undefined) add(`${at}.resource`, `"${resource}" is already listed in intendedRemovals[${first}]`);
      else removalKeys.set(resource, i);
    }
    checkJustificationAndExpiry(r, at, today, add);
  });

  return problems;
}

/** Each (index, index of the first occurrence) of a value listed twice, by `key` (undefined: not compared). */
function duplicatesIn(items: unknown[], key: (v: unknown) => string | undefined): [number, number][] {
  const seen = new Map<string, number>();
  const dups: [number, number][] = [];
  items.forEach((v, i) => {
    const k = key(v);
    if (k === undefined) return;
    const first = seen.get(k);
    if (first !== undefined) dups.push([i, first]);
    else seen.set(k, i);
  });
  return dups;
}

/** Reserved ranges (azure/limits.ts) an address space overlaps, as messages. */
function reservedOverlaps(text: string, space: Cidr): string[] {
  return RESERVED_RANGES.filter((r) => overlaps(space, parseCidr(r.cidr) as Cidr))
    .map((r) => `${text} ${r.cidr.endsWith('/32') && space.prefix < 32 ? 'contains' : 'overlaps'} ${r.what}, which Azure does not allow in a virtual network (${r.source})`);
}

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * organization.tags against Azure's tag rules (azure/limits.ts), counting the tags ailz adds: ailz
 * applies them to every resource it tags, private DNS zones and links and storage accounts included.
 */
function tagProblems(tags: Raw): Problem[] {
  const problems: Problem[] = [];
  const at = (name: string) => `organization.tags.${name}`;
  const names = Object.keys(tags);
  if (names.length > MAX_ORGANIZATION_TAGS) {
    problems.push({
      path: 'organization.tags',
      message: `${names.length} tags plus the ${AILZ_TAG_NAMES.length} ailz sets (${AILZ_TAG_NAMES.join(', ')}) make ${names.length + AILZ_TAG_NAMES.length}; ` +
        `Azure allows ${MAX_TAGS_PER_PRIVATE_DNS_RESOURCE} on private DNS zones and links, which ailz tags: at most ${MAX_ORGANIZATION_TAGS} of your own`,
    });
  }
  const byLower = new Map<string, string>();
  for (const name of names) {
    const ailz = AILZ_TAG_NAMES.find((t) => t.toLowerCase() === name.toLowerCase());
    const forbidden = TAG_NAME_FORBIDDEN_CHARACTERS.filter((c) => name.includes(c));
    if (ailz) {
      problems.push({ path: at(name), message: `ailz sets the tag "${ailz}" itself (Azure tag names are case-insensitive, so yours would be overwritten); rename yours` });
    } else if (name.length === 0) {
      problems.push({ path: at(name), message: 'a tag name cannot be empty' });
    } else if (forbidden.length > 0) {
      problems.push({ path: at(name), message: `Azure tag names cannot contain ${forbidden.join(' ')} (Azure forbids < > % & \\ ? /)` });
    } else if (/[\s:]/.test(name)) {
      problems.push({ path: at(name), message: 'contains a space or ":": private DNS zones and links, which ailz tags, silently drop such tags (a diff on every plan); use letters, digits, "-", "_" or "."' });
    } else if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(name)) {
      problems.push({ path: at(name), message: 'Azure DNS, whose private zones ailz tags, supports tag names of ASCII letters, digits, "-", "_" and "." that start with a letter' });
    } else if (utf8Bytes(name) > MAX_STORAGE_TAG_NAME_BYTES) {
      problems.push({ path: at(name), message: `is ${utf8Bytes(name)} characters; storage accounts, which ailz tags, allow tag names of at most ${MAX_STORAGE_TAG_NAME_BYTES}` });
    }
    const other = byLower.get(name.toLowerCase());
    if (other !== undefined) problems.push({ path: at(name), message: `is the same tag as "${other}" (Azure tag names are case-insensitive)` });
    else byLower.set(name.toLowerCase(), name);
    const value = tags[name];
    if (typeof value === 'string' && utf8Bytes(value) > MAX_TAG_VALUE_BYTES) {
      problems.push({ path: at(name), message: `the value is ${utf8Bytes(value)} bytes; Azure allows ${MAX_TAG_VALUE_BYTES}` });
    }
  }
  return problems;
}

/**
 * Where an exemption may apply: the management group its assignment is assigned at, a group below it,
 * or the subscription of a workload placed below it (management groups: `<prefix>-ai` holds
 * `<prefix>-ai-production` and `<prefix>-ai-experimentation`; a workload's environment decides which).
 */
function exemptionScopeProblem(assignment: string, assignedAt: PolicyScope, scope: string, raw: Raw, prefix: string | undefined): string | undefined {
  if (!prefix) return undefined;
  const groups: Record<PolicyScope, string> = { ai: `${prefix}-ai`, production: `${prefix}-ai-production`, experimentation: `${prefix}-ai-experimentation` };
  const validGroups = assignedAt === 'ai' ? [groups.ai, groups.production, groups.experimentation] : [groups[assignedAt]];
  const workloads = list(raw.workloads).filter(isObj);
  const below = workloads.filter((w) => assignedAt === 'ai' || w.environment === assignedAt);
  const where = `${assignment} is assigned at ${groups[assignedAt]}; exempt ${validGroups.join(', ')}${below.some((w) => str(w.subscriptionId)) ? ' or the subscription of a workload below it' : ''}`;
  const sub = /^(?:\/subscriptions\/)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(scope)?.[1]?.toLowerCase();
  if (sub) {
    const owner = workloads.find((w) => str(w.subscriptionId)?.toLowerCase() === sub);
    if (!owner) {
      const platform = isObj(raw.platform) && str(raw.platform.subscriptionId)?.toLowerCase() === sub;
      return `${scope} is ${platform ? 'the platform subscription, outside the AI management groups' : 'not the subscription of any workload in this config'}: ${where}`;
    }
    if (!below.includes(owner)) return `${scope} is the subscription of ${str(owner.name)} (${str(owner.environment)}), not below ${groups[assignedAt]}: ${where}`;
    return undefined;
  }
  const group = scope.replace(/^\/providers\/Microsoft\.Management\/managementGroups\//i, '').toLowerCase();
  if (!validGroups.some((g) => g.toLowerCase() === group)) return `${scope} is not ${validGroups.length > 1 ? 'one of the management groups' : 'the management group'} where it applies: ${where}`;
  return undefined;
}

/** Letters, digits, punctuation and symbols: what a reader sees. */
export function visibleLength(text: string): number {
  return text.match(VISIBLE_CHARACTER)?.length ?? 0;
}

/**
 * The AI gateway's cross-field rules: a workload behind a gateway needs the platform's gateway settings
 * (audience and prompt log); a production workload needs a tier with an SLA and, on the shared gateway,
 * prompts that stay in its own region unless it accepts global processing (as AILZ-PRD-001 does for models).
 */
function gatewayProblems(raw: Raw, add: (path: string, message: string) => void): void {
  const platform = isObj(raw.platform) ? raw.platform : {};
  const platformGateway = isObj(platform.gateway) ? platform.gateway : undefined;
  const primary = isObj(raw.organization) ? str(raw.organization.primaryLocation) : undefined;
  const workloads = list(raw.workloads).filter(isObj);
  const anyGateway = workloads.some((w) => w.gateway !== false);
  if (anyGateway && !platformGateway) {
    add('platform.gateway', 'is required while a workload uses the AI gateway (the default): set audienceAppId (README "AI gateway" says how to create the app registration) and promptLog.readerGroupObjectId, or set gateway: false on each workload');
  }
  const sharedSku = platformGateway ? str(platformGateway.sku) : undefined;
  list(raw.workloads).forEach((w, i) => {
    if (!isObj(w)) return;
    const at = `workloads[${i}].gateway`;
    if (w.gateway === false) return;
    const g: Raw = isObj(w.gateway) ? w.gateway : {};
    const production = w.environment === 'production';
    const isolated = g.isolated === true;
    if (!isolated && g.sku !== undefined) add(`${at}.sku`, 'is only used with isolated: true; the shared gateway\'s SKU is platform.gateway.sku');
    if (!isolated && g.promptLog !== undefined) add(`${at}.promptLog`, 'is only used with isolated: true; the shared gateway logs to platform.gateway.promptLog');
    if (g.appRoles !== undefined && g.clientApplicationIds !== undefined) {
      add(`${at}.clientApplicationIds`, 'give appRoles or clientApplicationIds, not both: validate-azure-ad-token would require both');
    }
    if (production && isolated && str(g.sku)?.startsWith('Developer')) {
      add(`${at}.sku`, 'Developer has no SLA and is for non-production use (Microsoft Learn "Feature-based comparison of the Azure API Management tiers"); use Premium_1 or PremiumV2_1 in production');
    }
    if (production && !isolated) {
      if (sharedSku?.startsWith('Developer')) {
        add('platform.gateway.sku', `Developer has no SLA and is for non-production use, but production workload "${str(w.name)}" uses the shared gateway; use Premium_1 or PremiumV2_1, or give the workload isolated: true`);
      }
      const allowGlobal = isObj(w.openai) && w.openai.allowGlobalProcessing === true;
      if (primary && str(w.location) && str(w.location) !== primary && !allowGlobal) {
        add(`${at}.isolated`, `production workload in ${str(w.location)} would send prompts through the shared gateway and its log in ${primary}; set isolated: true (a gateway and prompt log in ${str(w.location)}), or openai.allowGlobalProcessing: true to accept processing outside the workload's region`);
      }
    }
  });
}

function checkJustificationAndExpiry(entry: Raw, at: string, today: string, add: (path: string, message: string) => void): void {
  const justification = str(entry.justification);
  if (justification !== undefined && visibleLength(justification) < MIN_JUSTIFICATION_LENGTH) {
    add(`${at}.justification`, `must explain the exception in at least ${MIN_JUSTIFICATION_LENGTH} visible characters (got ${visibleLength(justification)}; spaces and invisible characters do not count)`);
  }
  const expires = str(entry.expires);
  if (expires && /^\d{4}-\d{2}-\d{2}$/.test(expires) && expires < today) {
    add(`${at}.expires`, `${expires} is in the past (today is ${today}); renew or remove the entry`);
  }
}

function withDefaults(input: LandingZoneInput): LandingZoneConfig {
  return {
    ...input,
    organization: {
      ...input.organization,
      parentManagementGroupId: input.organization.parentManagementGroupId ?? input.organization.tenantId,
      tags: input.organization.tags ?? {},
    },
    platform: {
      ...input.platform,
      privateDns: input.platform.privateDns ?? { mode: 'managed' },
      gateway: platformGateway(input),
    },
    workloads: input.workloads.map((w) => {
      const production = w.environment === 'production';
      return {
        ...w,
        openai: { kind: w.openai.kind ?? 'OpenAI', allowGlobalProcessing: w.openai.allowGlobalProcessing ?? false, deployments: w.openai.deployments },
        encryption: { customerManagedKeys: w.encryption?.customerManagedKeys ?? production },
        deleteLock: w.deleteLock ?? production,
        gateway: workloadGateway(w, input),
      };
    }),
    suppressions: input.suppressions ?? [],
    policyExemptions: input.policyExemptions ?? [],
    decommissionedWorkloads: input.decommissionedWorkloads ?? [],
    intendedRemovals: input.intendedRemovals ?? [],
  };
}

function promptLogDefaults(p: { readerGroupObjectId: string; retentionDays?: number }): PromptLogConfig {
  return { readerGroupObjectId: p.readerGroupObjectId, retentionDays: p.retentionDays ?? DEFAULT_PROMPT_RETENTION_DAYS };
}

/**
 * The shared gateway's SKU: `platform.gateway.sku`, else Premium_1 when a production workload uses the
 * shared gateway (an SLA), else Developer_1 (no SLA, about 1/60 of the price; Microsoft: non-production only).
 * Adding the first production workload to a Developer gateway therefore changes the platform stack; pin
 * `platform.gateway.sku` to avoid that.
 */
function platformGateway(input: LandingZoneInput): PlatformGatewayConfig | undefined {
  const g = input.platform.gateway;
  if (!g) return undefined;
  const productionShared = input.workloads.some((w) => w.environment === 'production' && w.gateway !== false && !(w.gateway && w.gateway.isolated));
  return {
    sku: g.sku ?? (productionShared ? 'Premium_1' : 'Developer_1'),
    audienceAppId: g.audienceAppId,
    publisherEmail: g.publisherEmail ?? input.organization.securityContactEmail,
    promptLog: promptLogDefaults(g.promptLog),
  };
}

function workloadGateway(w: WorkloadInput, input: LandingZoneInput): WorkloadGatewayConfig | false {
  if (w.gateway === false) return false;
  const g = w.gateway ?? {};
  const isolated = g.isolated ?? false;
  const production = w.environment === 'production';
  const promptSource = g.promptLog ?? input.platform.gateway?.promptLog;
  return {
    isolated,
    ...(isolated ? { sku: g.sku ?? (production ? 'Premium_1' : 'Developer_1') } : {}),
    appRoles: g.appRoles ?? (g.clientApplicationIds ? [] : [`Invoke.${w.name}`]),
    clientApplicationIds: g.clientApplicationIds ?? [],
    tokensPerMinute: g.tokensPerMinute ?? DEFAULT_GATEWAY_TOKENS_PER_MINUTE,
    ...(g.tokenQuota ? { tokenQuota: g.tokenQuota } : {}),
    ...(isolated && promptSource ? { promptLog: promptLogDefaults(promptSource) } : {}),
  };
}

/** Validates an already-parsed document. Returns the config with defaults, or every problem found. */
export function validateConfig(raw: unknown, opts: ValidationOptions = {}): { config?: LandingZoneConfig; problems: Problem[]; warnings: Problem[] } {
  if (raw === null || raw === undefined) return { problems: [{ path: '(root)', message: 'the file is empty; expected a mapping with organization, platform and workloads' }], warnings: [] };
  if (!isObj(raw)) return { problems: [{ path: '(root)', message: `must be a mapping with organization, platform and workloads, got ${describe(raw)}` }], warnings: [] };
  const parsed = landingZoneSchema.safeParse(raw, { reportInput: true });
  const problems = parsed.success ? [] : parsed.error.issues.flatMap(issueToProblems);
  const seen = new Set(problems.map((p) => `${p.path}\0${p.message}`));
  for (const p of crossFieldProblems(raw, opts)) {
    if (!seen.has(`${p.path}\0${p.message}`)) problems.push(p);
  }
  const models = opts.asOf !== undefined ? modelLifecycleProblems(raw, opts.asOf) : { errors: [], warnings: [] };
  problems.push(...models.errors);
  if (problems.length > 0 || !parsed.success) return { problems, warnings: models.warnings };
  return { config: withDefaults(parsed.data), problems, warnings: models.warnings };
}

/**
 * The largest config file ailz reads (1 MiB). A landing zone of 100 workloads is about 40 KB; a
 * larger file is a mistake or an attack, refused before it is parsed.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** Alias uses a config may make (YAML `*name`); more is an alias bomb (billion laughs), not a config. */
export const MAX_YAML_ALIASES = 100;

/** Parses YAML text and validates it; throws ConfigError with every problem. */
export function parseConfigText(text: string, file: string, opts: ValidationOptions = {}): LandingZoneConfig {
  if (Buffer.byteLength(text, 'utf8') > MAX_CONFIG_BYTES) throw new ConfigError([`${file}: (root): ${tooLarge()}`]);
  const lineCounter = new LineCounter();
  let raw: unknown;
  try {
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true, lineCounter });
    if (doc.errors.length > 0) {
      throw new ConfigError(doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        const where = pos ? `line ${pos.line}, column ${pos.col}` : 'YAML';
        const message = /call stack/i.test(e.message) ? 'nested too deeply' : e.message.split('\n')[0];
        return `${file}: ${where}: YAML syntax error: ${message}`;
      }));
    }
    raw = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    // yaml throws a ReferenceError when aliases expand beyond maxAliasCount.
    if (e instanceof ReferenceError && /alias/i.test(e.message)) {
      throw new ConfigError([`${file}: (root): YAML aliases expand too far (more than ${MAX_YAML_ALIASES} alias uses, an alias bomb); write the values out`]);
    }
    if (e instanceof RangeError) throw new ConfigError([`${file}: (root): nested too deeply to be a config`]);
    throw e;
  }
  let result: ReturnType<typeof validateConfig>;
  try {
    result = validateConfig(raw, opts);
  } catch (e) {
    if (e instanceof RangeError) throw new ConfigError([`${file}: (root): nested too deeply to be a config`]);
    throw e;
  }
  const { config, problems, warnings } = result;
  for (const w of warnings) opts.onWarning?.(`${file}: ${w.path}: ${w.message}`);
  if (!config) throw new ConfigError(problems.map((p) => `${file}: ${p.path}: ${p.message}`));
  return config;
}

/** `permission denied (EACCES)` from Node's `EACCES: permission denied, open 'x'`. */
function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const cause = /^[A-Z]+: ([^,]+)/.exec(err.message ?? '')?.[1];
  return err.code ? `${cause ?? 'error'} (${err.code})` : String(e);
}

const tooLarge = () => `is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB, the limit for a config file (README "Input limits"); nothing was parsed`;

/**
 * Reads at most MAX_CONFIG_BYTES of `file`: a regular file is judged by its size before a byte is
 * read; a pipe or device (`-c <(...)`, `/dev/zero`) is read up to the limit and no further.
 */
function readConfigText(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw readProblem(file, e);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new ConfigError([`${file}: (root): is a directory, not a config file`], 'EISDIR');
    if (st.isFile() && st.size > MAX_CONFIG_BYTES) throw new ConfigError([`${file}: (root): ${tooLarge()}`]);
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_CONFIG_BYTES) throw new ConfigError([`${file}: (root): ${tooLarge()}`]);
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw readProblem(file, e);
  } finally {
    closeSync(fd);
  }
}

function readProblem(file: string, e: unknown): ConfigError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    try {
      const target = readlinkSync(file);
      return new ConfigError([`${file}: (root): is a dangling symbolic link (to ${target}, which does not exist)`], code);
    } catch {
      // not a symlink: plainly missing
    }
  }
  const what = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a config file' : `cannot read the file: ${errnoText(e)}`;
  return new ConfigError([`${file}: (root): ${what}`], code);
}

/** Reads, parses and validates a config file; throws ConfigError (never a raw fs error) for bad input. */
export function loadConfigFile(file: string, opts: ValidationOptions = {}): LandingZoneConfig {
  return parseConfigText(readConfigText(file), file, opts);
}
