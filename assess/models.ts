/**
 * Model versions and retirement, behind a small interface. The "models" branch is building
 * `azure/models.ts` (Azure OpenAI models: versions, SKUs, regions, retirement dates, with sources);
 * when it lands, `catalogFromAzureModels` wraps it and this file keeps only the interface. Until then
 * the default catalog knows nothing, every version is `unknown`, and the report says the retirement
 * check had no catalog.
 */
export type ModelStatus = 'retired' | 'retiring' | 'ok' | 'unknown';

export interface ModelCatalog {
  /** Whether this catalog has data at all (the report names the check as disabled otherwise). */
  readonly available: boolean;
  modelStatus(model: string, version: string, sku: string, region: string, asOf: Date): { status: ModelStatus; date?: string };
}

export const NO_MODEL_CATALOG: ModelCatalog = {
  available: false,
  modelStatus: () => ({ status: 'unknown' }),
};

/** Days before retirement that count as "retiring". */
export const RETIRING_WINDOW_DAYS = 90;

/** A catalog from a plain table (what tests and, later, azure/models.ts provide). */
export function tableCatalog(rows: readonly { model: string; version: string; retirement: string }[]): ModelCatalog {
  const byKey = new Map(rows.map((r) => [`${r.model.toLowerCase()}@${r.version.toLowerCase()}`, r.retirement]));
  return {
    available: true,
    modelStatus(model, version, _sku, _region, asOf) {
      const date = byKey.get(`${model.toLowerCase()}@${version.toLowerCase()}`);
      if (!date) return { status: 'unknown' };
      const t = Date.parse(`${date}T00:00:00Z`);
      if (t <= asOf.getTime()) return { status: 'retired', date };
      if (t - asOf.getTime() <= RETIRING_WINDOW_DAYS * 86400_000) return { status: 'retiring', date };
      return { status: 'ok', date };
    },
  };
}
