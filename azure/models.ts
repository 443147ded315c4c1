/**
 * Azure OpenAI model lifecycle catalog: which model versions exist, when Microsoft retires them (per
 * deployment type where Microsoft gives different dates), when they stop being offered to new customers,
 * and in which regions each deployment type (SKU) offers them. Config validation (`ailz validate`,
 * `ailz synth`) and the guardrail AILZ-OAI-013 judge deployments against it with one function,
 * `judgeModelDeployment`, on an explicit as-of date, so a test (or `--as-of`) pins the outcome.
 *
 * Coverage: every text-generation, reasoning, codex, chat, router and embedding model version of the
 * Azure OpenAI section of Microsoft's retirement schedule (below). Audio, realtime, image and video
 * models are not covered: a deployment of one is reported as unknown (a warning), never as an error.
 *
 * Refresh: README "Refreshing the model catalog". Every date below names its source; when sources
 * disagree the newer one wins, and older facts it does not contradict are kept (see `sources` per row).
 */
import { MODEL_AVAILABILITY } from './model-availability';

/** Azure OpenAI deployment types, as `azurerm_cognitive_deployment.sku.name` takes them. */
export const DEPLOYMENT_SKUS = [
  'Standard', 'DataZoneStandard', 'GlobalStandard', 'ProvisionedManaged', 'DataZoneProvisionedManaged',
  'GlobalProvisionedManaged', 'GlobalBatch', 'DataZoneBatch',
] as const;
export type DeploymentSku = (typeof DEPLOYMENT_SKUS)[number];

export type ModelSourceId = 'schedule' | 'retirementTable' | 'availability' | 'policy';

export interface ModelSource {
  readonly title: string;
  readonly url: string;
  /** The page's `ms.date` (YYYY-MM-DD). */
  readonly msDate: string;
  /**
   * The date the source's data is known to be current as of: `ms.date`, or the newest row when the page
   * changed without its `ms.date`. The catalog-age warning counts from here.
   */
  readonly dataDate: string;
  /** When ailz read it (YYYY-MM-DD). */
  readonly read: string;
  /** Git revision(s) or page metadata of the copy that was read. */
  readonly revision: string;
  /** What the catalog takes from it. */
  readonly gives: string;
  /** False for policy text that is not dated data (not counted in the catalog-age warning). */
  readonly data: boolean;
}

/** When this catalog was last read from its sources. */
export const MODEL_CATALOG_READ_ON = '2026-11-26';

export const MODEL_SOURCES: Readonly<Record<ModelSourceId, ModelSource>> = {
  schedule: {
    title: 'Microsoft Learn: Model retirement schedule (Microsoft Foundry)',
    url: 'https://learn.microsoft.com/azure/foundry/openai/concepts/model-retirement-schedule',
    msDate: '2026-09-02',
    dataDate: '2026-09-02',
    read: MODEL_CATALOG_READ_ON,
    revision: 'page metadata: updated_at 2026-09-02, MicrosoftDocs/azure-ai-docs-pr c0b1c98385a5309a7eafcdaee78a4964290ca8b7 (a stored copy of the rendered page; the newest version found)',
    gives: 'lifecycle stage (GA, Preview, Legacy, Deprecated, Retired) and retirement date of every version',
    data: true,
  },
  retirementTable: {
    title: 'Microsoft: Model Retirement Table (Azure OpenAI model deprecations and retirements)',
    url: 'https://github.com/MicrosoftDocs/azure-ai-docs/blob/01850fbb85959cfdc0dd37e7e905db549e1469d3/articles/foundry/openai/includes/retirement/models.md',
    msDate: '2025-12-16',
    // Its ms.date was not updated with its rows; the newest row is gpt-5.5 2026-04-24.
    dataDate: '2026-04-24',
    read: MODEL_CATALOG_READ_ON,
    revision: 'MicrosoftDocs/azure-ai-docs 01850fbb85959cfdc0dd37e7e905db549e1469d3',
    gives: 'deprecation (no new customers) dates, and retirement dates that differ by deployment type',
    data: true,
  },
  availability: {
    title: 'Microsoft: Model region availability by Azure region (Americas, Europe, Asia Pacific, Middle East and Africa)',
    url: 'https://github.com/MicrosoftDocs/azure-ai-docs/tree/469738e5be3744cd7a3dd02815d24ee08d29fe2b/articles/foundry/openai/includes/model-matrix',
    msDate: '2026-04-30',
    dataDate: '2026-04-30',
    read: MODEL_CATALOG_READ_ON,
    revision: 'MicrosoftDocs/azure-ai-docs region-americas.md 583fba6f1bc7c5f9babca95040004e07db25d97d, region-europe.md 469738e5be3744cd7a3dd02815d24ee08d29fe2b, region-asia-pacific.md 9b24d6c66b429ab159c5c60f9f578ebbae8e4748, region-middle-east-africa.md d74fc5c4ceab503c0c9490df1ea59f75dbff4aff',
    gives: 'the regions that offer each model version, per deployment type (azure/model-availability.ts)',
    data: true,
  },
  policy: {
    title: 'Microsoft: Azure OpenAI in Microsoft Foundry model deprecations and retirements',
    url: 'https://github.com/MicrosoftDocs/azure-ai-docs/blob/7e0ef66be792822c8bbfedf130e4883c66fe61cb/articles/foundry/openai/concepts/model-retirements.md',
    msDate: '2026-03-11',
    dataDate: '2026-03-11',
    read: MODEL_CATALOG_READ_ON,
    revision: 'MicrosoftDocs/azure-ai-docs 7e0ef66be792822c8bbfedf130e4883c66fe61cb',
    gives: 'meaning of the dates: a retired model\'s deployments return errors; a deprecated one is not offered to new customers; 60 days notice for GA retirements',
    data: false,
  },
};

export type ModelLifecycleStage = 'GA' | 'Preview' | 'Legacy' | 'Deprecated' | 'Retired';

export interface DatedFact {
  readonly date: string;
  readonly source: ModelSourceId;
}

export interface ModelVersionLifecycle {
  readonly model: string;
  readonly version: string;
  /** Stage in the retirement schedule (as of its ms.date). */
  readonly stage: ModelLifecycleStage;
  /** Retirement of every deployment type without its own date below: from then on deployments return errors. */
  readonly retires: DatedFact;
  /** Deployment types Microsoft retires on another date. */
  readonly retiresBySku?: Readonly<Partial<Record<DeploymentSku, DatedFact>>>;
  /** From this date the version is not offered to customers who never deployed it. */
  readonly deprecated?: DatedFact;
  /** Microsoft's suggested replacement, where it names one. */
  readonly replacement?: string;
}

const schedule = (date: string): DatedFact => ({ date, source: 'schedule' });
const table = (date: string): DatedFact => ({ date, source: 'retirementTable' });

type Extra = Pick<ModelVersionLifecycle, 'retiresBySku' | 'deprecated' | 'replacement'>;
const v = (model: string, version: string, stage: ModelLifecycleStage, retires: string, extra: Extra = {}): ModelVersionLifecycle =>
  ({ model, version, stage, retires: schedule(retires), ...extra });

/**
 * Stage and retirement date: the schedule (ms.date 2026-09-02). Deprecation dates: the retirement table,
 * kept only where the schedule still gives the table's retirement date (where Microsoft moved the
 * retirement, the table's deprecation date is stale and is dropped). `Standard 2026-03-31` for gpt-4o
 * 2024-05-13 / 2024-08-06 and gpt-4o-mini 2024-07-18: the table ("Standard deployment type retires on
 * 2026-03-31 ... other deployment types ... moved to 2026-10-01"); the newer schedule gives one date per
 * version and does not say Standard came back, so the earlier Standard retirement stands.
 * Versions newer than the availability matrices (gpt-5.6-*, gpt-chat-latest) have no availability data.
 */
export const MODEL_LIFECYCLE: readonly ModelVersionLifecycle[] = [
  v('codex-mini', '2025-05-16', 'Deprecated', '2026-11-15', { deprecated: table('2026-05-16') }),
  v('gpt-4.1', '2025-04-14', 'Legacy', '2027-04-14', { replacement: 'gpt-5' }),
  v('gpt-4.1-mini', '2025-04-14', 'Legacy', '2027-04-14', { replacement: 'gpt-5-mini' }),
  v('gpt-4.1-nano', '2025-04-14', 'Legacy', '2027-04-14', { replacement: 'gpt-5-nano' }),
  v('gpt-4o', '2024-05-13', 'Deprecated', '2026-10-01', { retiresBySku: { Standard: table('2026-03-31') }, deprecated: table('2025-05-13'), replacement: 'gpt-5.1' }),
  v('gpt-4o', '2024-08-06', 'Deprecated', '2027-04-14', { retiresBySku: { Standard: table('2026-03-31') }, replacement: 'gpt-5.1' }),
  v('gpt-4o', '2024-11-20', 'Legacy', '2027-04-14', { replacement: 'gpt-5.1' }),
  v('gpt-4o-mini', '2024-07-18', 'Deprecated', '2027-04-14', { retiresBySku: { Standard: table('2026-03-31') }, replacement: 'gpt-4.1-mini' }),
  v('gpt-5', '2025-08-07', 'GA', '2027-02-09'),
  v('gpt-5-chat', '2025-08-07', 'Retired', '2026-06-29', { replacement: 'gpt-chat-latest' }),
  v('gpt-5-chat', '2025-10-03', 'Retired', '2026-05-13', { replacement: 'gpt-chat-latest' }),
  v('gpt-5-codex', '2025-09-15', 'GA', '2027-03-17', { deprecated: table('2026-09-15') }),
  v('gpt-5-mini', '2025-08-07', 'GA', '2027-02-09'),
  v('gpt-5-nano', '2025-08-07', 'GA', '2027-02-09'),
  v('gpt-5-pro', '2025-10-06', 'GA', '2027-04-07', { deprecated: table('2026-10-06') }),
  v('gpt-5.1', '2025-11-13', 'GA', '2027-05-15', { deprecated: table('2026-11-13') }),
  v('gpt-5.1-chat', '2025-11-13', 'Retired', '2026-06-29', { replacement: 'gpt-chat-latest' }),
  v('gpt-5.1-codex', '2025-11-13', 'GA', '2027-05-15', { deprecated: table('2026-11-15') }),
  v('gpt-5.1-codex-max', '2025-12-04', 'GA', '2027-05-18'),
  v('gpt-5.1-codex-mini', '2025-11-13', 'GA', '2027-05-15', { deprecated: table('2026-11-15') }),
  v('gpt-5.2', '2025-12-11', 'GA', '2027-06-08'),
  v('gpt-5.2-chat', '2025-12-11', 'Retired', '2026-05-13', { replacement: 'gpt-chat-latest' }),
  v('gpt-5.2-chat', '2026-02-10', 'Retired', '2026-06-29', { replacement: 'gpt-chat-latest' }),
  v('gpt-5.2-codex', '2026-01-14', 'GA', '2027-07-13'),
  v('gpt-5.3-chat', '2026-03-03', 'Retired', '2026-06-29', { replacement: 'gpt-chat-latest' }),
  v('gpt-5.3-codex', '2026-02-24', 'GA', '2027-08-24'),
  v('gpt-5.4', '2026-03-05', 'GA', '2027-09-02'),
  v('gpt-5.4-mini', '2026-03-17', 'GA', '2027-09-21'),
  v('gpt-5.4-nano', '2026-03-17', 'GA', '2027-09-21'),
  v('gpt-5.4-pro', '2026-03-05', 'GA', '2027-09-07'),
  v('gpt-5.5', '2026-04-24', 'GA', '2027-10-26'),
  v('gpt-5.6-luna', '2026-07-09', 'GA', '2028-01-11'),
  v('gpt-5.6-sol', '2026-07-09', 'GA', '2028-01-11'),
  v('gpt-5.6-terra', '2026-07-09', 'GA', '2028-01-11'),
  v('gpt-chat-latest', '2026-05-05', 'Preview', '2026-08-05'),
  v('gpt-chat-latest', '2026-05-28', 'Preview', '2026-08-28'),
  v('gpt-chat-latest', '2026-06-24', 'Preview', '2026-09-24'),
  v('gpt-chat-latest', '2026-08-06', 'Preview', '2026-12-02'),
  v('model-router', '2025-05-19', 'Preview', '2026-08-30'),
  v('model-router', '2025-08-07', 'Preview', '2026-08-30'),
  v('model-router', '2025-11-18', 'GA', '2027-05-20', { deprecated: table('2026-11-18') }),
  v('o1', '2024-12-17', 'Deprecated', '2026-10-21', { replacement: 'gpt-5.6-sol' }),
  v('o1-pro', '2025-03-19', 'GA', '2026-10-21', { replacement: 'gpt-5.6-sol' }),
  v('o3', '2025-04-16', 'GA', '2026-10-21', { replacement: 'gpt-5.6-sol' }),
  v('o3-deep-research', '2025-06-26', 'GA', '2026-12-26', { deprecated: table('2026-06-26') }),
  v('o3-mini', '2025-01-31', 'Deprecated', '2026-10-01', { replacement: 'o4-mini' }),
  v('o3-pro', '2025-06-10', 'GA', '2026-12-17'),
  v('o4-mini', '2025-04-16', 'Deprecated', '2026-10-16', { deprecated: table('2026-04-16') }),
  v('text-embedding-3-large', '1', 'GA', '2028-02-09'),
  v('text-embedding-3-small', '1', 'GA', '2028-02-09'),
  v('text-embedding-ada-002', '1', 'GA', '2028-02-09'),
  v('text-embedding-ada-002', '2', 'GA', '2028-02-09'),
];

/** Days before retirement from which a deployment is warned about. */
export const RETIREMENT_WARNING_DAYS = 90;
/** Age (days since a source's data date) from which the catalog itself is reported as stale. */
export const CATALOG_MAX_AGE_DAYS = 180;

const DAY_MS = 86_400_000;
const utc = (d: string) => Date.parse(`${d}T00:00:00Z`);

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = utc(s);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((utc(to) - utc(from)) / DAY_MS);
}

/** Today's date in UTC, YYYY-MM-DD: the default as-of date. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

const byKey = new Map(MODEL_LIFECYCLE.map((e) => [`${e.model}\0${e.version}`, e]));
const versionsOf = new Map<string, string[]>();
for (const e of MODEL_LIFECYCLE) versionsOf.set(e.model, [...(versionsOf.get(e.model) ?? []), e.version]);

/** The catalog entry of a model version, if the catalog has it. */
export function modelVersion(model: string, version: string): ModelVersionLifecycle | undefined {
  return byKey.get(`${model}\0${version}`);
}

/** The retirement that applies to a deployment type of a version. */
export function retirementFor(entry: ModelVersionLifecycle, sku: string): DatedFact {
  return entry.retiresBySku?.[sku as DeploymentSku] ?? entry.retires;
}

/** Regions that offer a version as a deployment type; undefined when the availability data does not cover the version at all. */
export function regionsOffering(model: string, version: string, sku: string): readonly string[] | undefined {
  const byVersion = MODEL_AVAILABILITY[model]?.[version];
  if (!byVersion) return undefined;
  return byVersion[sku] ?? [];
}

/** `Microsoft's model retirement schedule (ms.date 2026-09-02)` */
export function cite(source: ModelSourceId): string {
  const s = MODEL_SOURCES[source];
  const label = { schedule: 'model retirement schedule', retirementTable: 'model retirement table', availability: 'model availability matrix', policy: 'model lifecycle policy' }[source];
  return `Microsoft's ${label}, ms.date ${s.msDate}`;
}

export interface DeploymentQuery {
  readonly model: string;
  readonly version: string;
  readonly sku: string;
  /** The account's region; undefined when it cannot be determined (availability is then not checked). */
  readonly region?: string;
  /** Production deployments are also warned about preview models. */
  readonly production?: boolean;
}

export type LifecycleFindingKind =
  | 'retired' | 'not-offered' | 'retiring-soon' | 'deprecated' | 'legacy' | 'preview'
  | 'unknown-model' | 'unknown-version' | 'unknown-sku' | 'availability-unknown';

export interface LifecycleFinding {
  readonly severity: 'error' | 'warning';
  readonly kind: LifecycleFindingKind;
  /** Starts with the model and version, e.g. `gpt-4o 2024-11-20 retired on ...`. */
  readonly message: string;
}

const replacementHint = (e: ModelVersionLifecycle) => (e.replacement ? `; Microsoft's replacement: ${e.replacement}` : '');

/**
 * Judges one deployment on `asOf` (YYYY-MM-DD): an error when the version is retired for that deployment
 * type on that date (retired on D: fails on D, passes on D-1) or when the account's region does not offer
 * it as that deployment type; warnings when retirement is less than 90 days away, when it is deprecated,
 * legacy or (in production) preview, and when the catalog cannot judge (unknown model, version or SKU,
 * no availability data). Pure: the same query and date give the same findings.
 */
export function judgeModelDeployment(q: DeploymentQuery, asOf: string): LifecycleFinding[] {
  const name = `${q.model} ${q.version}`;
  const entry = modelVersion(q.model, q.version);
  if (!entry) {
    const known = versionsOf.get(q.model);
    if (known) {
      return [{ severity: 'warning', kind: 'unknown-version', message: `${name}: version ${q.version} is not in the ailz model catalog (known versions of ${q.model}: ${known.join(', ')}); check Microsoft's retirement schedule and availability for it` }];
    }
    return [{ severity: 'warning', kind: 'unknown-model', message: `${name}: ${q.model} is not in the ailz model catalog (it covers Azure OpenAI text, reasoning and embedding models, read ${MODEL_CATALOG_READ_ON}); check its retirement date and region availability yourself` }];
  }
  const out: LifecycleFinding[] = [];
  const knownSku = (DEPLOYMENT_SKUS as readonly string[]).includes(q.sku);
  if (!knownSku) out.push({ severity: 'warning', kind: 'unknown-sku', message: `${name}: deployment type ${q.sku} is not one the catalog knows (${DEPLOYMENT_SKUS.join(', ')}); availability not checked` });

  const retirement = retirementFor(entry, q.sku);
  const skuNote = entry.retiresBySku?.[q.sku as DeploymentSku] ? ` for ${q.sku} deployments` : '';
  const days = daysBetween(asOf, retirement.date);
  if (days <= 0) {
    out.push({ severity: 'error', kind: 'retired', message: `${name} is retired${skuNote} since ${retirement.date} (${cite(retirement.source)}): its deployments return errors${replacementHint(entry)}` });
    return out;
  }
  if (days < RETIREMENT_WARNING_DAYS) {
    out.push({ severity: 'warning', kind: 'retiring-soon', message: `${name} retires${skuNote} on ${retirement.date}, in ${days} day${days === 1 ? '' : 's'} (${cite(retirement.source)}); plan the migration${replacementHint(entry)}` });
  }
  if (entry.deprecated && daysBetween(entry.deprecated.date, asOf) >= 0) {
    out.push({ severity: 'warning', kind: 'deprecated', message: `${name} is deprecated since ${entry.deprecated.date} (${cite(entry.deprecated.source)}): subscriptions that never deployed it cannot create it` });
  } else if (entry.stage === 'Deprecated') {
    out.push({ severity: 'warning', kind: 'deprecated', message: `${name} is deprecated (${cite('schedule')}): subscriptions that never deployed it cannot create it; it retires on ${retirement.date}${replacementHint(entry)}` });
  }
  if (entry.stage === 'Legacy') {
    out.push({ severity: 'warning', kind: 'legacy', message: `${name} is a legacy model (${cite('schedule')}), retiring on ${retirement.date}; prefer a current one${replacementHint(entry)}` });
  }
  if (entry.stage === 'Preview' && q.production) {
    out.push({ severity: 'warning', kind: 'preview', message: `${name} is a preview model (${cite('schedule')}): no SLA, and it retires on ${retirement.date} with short notice` });
  }

  if (!knownSku) return out;
  const regions = regionsOffering(q.model, q.version, q.sku);
  if (regions === undefined) {
    out.push({ severity: 'warning', kind: 'availability-unknown', message: `${name}: region availability is not in the catalog (${cite('availability')}, which predates this version); check that ${q.region ?? 'the region'} offers it as ${q.sku}` });
  } else if (q.region === undefined) {
    out.push({ severity: 'warning', kind: 'availability-unknown', message: `${name}: the account's region cannot be determined, so availability as ${q.sku} is not checked (offered in: ${regions.join(', ') || 'no region'})` });
  } else if (!regions.includes(q.region)) {
    const here = DEPLOYMENT_SKUS.filter((s) => (regionsOffering(q.model, q.version, s) ?? []).includes(q.region!));
    const elsewhere = regions.length > 0 ? `${q.sku} regions: ${regions.join(', ')}` : `no region offers it as ${q.sku}`;
    const alternatives = here.length > 0 ? `; ${q.region} offers it as ${here.join(', ')}` : `; ${q.region} does not offer it at all`;
    out.push({ severity: 'error', kind: 'not-offered', message: `${name} is not offered as ${q.sku} in ${q.region} (${cite('availability')}): ${elsewhere}${alternatives}` });
  }
  return out;
}

export interface CatalogAge {
  readonly source: ModelSourceId;
  readonly days: number;
}

/** Data sources of the catalog older than 180 days on `asOf`, oldest first. */
export function staleModelSources(asOf: string): CatalogAge[] {
  return (Object.keys(MODEL_SOURCES) as ModelSourceId[])
    .filter((id) => MODEL_SOURCES[id].data)
    .map((id) => ({ source: id, days: daysBetween(MODEL_SOURCES[id].dataDate, asOf) }))
    .filter((a) => a.days > CATALOG_MAX_AGE_DAYS)
    .sort((a, b) => b.days - a.days || (a.source < b.source ? -1 : 1));
}

/** One warning naming every stale source, or undefined when the catalog is current on `asOf`. */
export function catalogAgeWarning(asOf: string): string | undefined {
  const stale = staleModelSources(asOf);
  if (stale.length === 0) return undefined;
  const list = stale.map((a) => `${cite(a.source)} (data as of ${MODEL_SOURCES[a.source].dataDate}, ${a.days} days old)`).join('; ');
  return `the model catalog (azure/models.ts, read ${MODEL_CATALOG_READ_ON}) is older than ${CATALOG_MAX_AGE_DAYS} days on ${asOf}: ${list}. Retirements and regions Microsoft changed since are not known to ailz; refresh the catalog (README "Refreshing the model catalog")`;
}
