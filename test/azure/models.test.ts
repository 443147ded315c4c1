/**
 * The model lifecycle catalog encodes Microsoft's rules as data: a version retired on D fails on D and
 * passes on D-1; a region the availability matrix does not list for that SKU fails; dates that differ by
 * deployment type apply to that type only. Plus the integrity of the data itself.
 */
import {
  catalogAgeWarning, CATALOG_MAX_AGE_DAYS, daysBetween, DEPLOYMENT_SKUS, isIsoDate, judgeModelDeployment, MODEL_CATALOG_READ_ON,
  MODEL_LIFECYCLE, MODEL_SOURCES, modelVersion, regionsOffering, retirementFor, staleModelSources,
} from '../../azure/models';
import { MODEL_AVAILABILITY } from '../../azure/model-availability';
import { AZURE_REGIONS } from '../../azure/regions';
import { TEST_AS_OF } from '../as-of';

const dayBefore = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const errors = (q: Parameters<typeof judgeModelDeployment>[0], asOf: string) => judgeModelDeployment(q, asOf).filter((f) => f.severity === 'error');
const kinds = (q: Parameters<typeof judgeModelDeployment>[0], asOf: string) => judgeModelDeployment(q, asOf).map((f) => `${f.severity} ${f.kind}`);

describe('retirement: retired on D fails on D and passes on D-1', () => {
  // Every catalogued version, on its own retirement date, in a region and SKU that offers it.
  for (const e of MODEL_LIFECYCLE) {
    const offered = DEPLOYMENT_SKUS.map((sku) => ({ sku, region: regionsOffering(e.model, e.version, sku)?.[0] })).find((x) => x.region);
    const sku = offered?.sku ?? 'GlobalStandard';
    test(`${e.model} ${e.version} (${sku})`, () => {
      const q = { model: e.model, version: e.version, sku, region: offered?.region };
      const d = retirementFor(e, sku).date;
      expect(errors(q, d).map((f) => f.kind)).toEqual(['retired']);
      expect(errors(q, dayBefore(d))).toEqual([]);
    });
  }

  test('the message names the date and the source', () => {
    const [f] = judgeModelDeployment({ model: 'gpt-4o', version: '2024-05-13', sku: 'DataZoneStandard', region: 'swedencentral' }, '2026-10-01');
    expect(f.message).toBe("gpt-4o 2024-05-13 is retired since 2026-10-01 (Microsoft's model retirement schedule, ms.date 2026-09-02): its deployments return errors; Microsoft's replacement: gpt-5.1");
  });

  test('a deployment-type retirement applies to that type only (gpt-4o-mini: Standard on 2026-03-31, the others on 2027-04-14)', () => {
    const base = { model: 'gpt-4o-mini', version: '2024-07-18', region: 'swedencentral' };
    expect(errors({ ...base, sku: 'Standard' }, '2026-03-31').map((f) => f.message)).toEqual([
      "gpt-4o-mini 2024-07-18 is retired for Standard deployments since 2026-03-31 (Microsoft's model retirement table, ms.date 2025-12-16): its deployments return errors; Microsoft's replacement: gpt-4.1-mini",
    ]);
    expect(errors({ ...base, sku: 'Standard' }, '2026-03-30')).toEqual([]);
    expect(errors({ ...base, sku: 'DataZoneStandard' }, '2026-03-31')).toEqual([]);
    expect(errors({ ...base, sku: 'DataZoneStandard' }, '2027-04-14').map((f) => f.kind)).toEqual(['retired']);
  });

  test('warned from 89 days before retirement; 90 days before is quiet', () => {
    const q = { model: 'gpt-5.5', version: '2026-04-24', sku: 'DataZoneStandard', region: 'swedencentral' };
    expect(kinds(q, '2027-07-28')).toEqual([]); // 90 days before 2027-10-26
    const soon = judgeModelDeployment(q, '2027-07-29');
    expect(soon.map((f) => `${f.severity} ${f.kind}`)).toEqual(['warning retiring-soon']);
    expect(soon[0].message).toBe("gpt-5.5 2026-04-24 retires on 2027-10-26, in 89 days (Microsoft's model retirement schedule, ms.date 2026-09-02); plan the migration");
    expect(judgeModelDeployment(q, '2027-10-25')[0].message).toContain('in 1 day (');
  });
});

describe('availability: a region the matrix does not list for that SKU fails', () => {
  test('gpt-4o-mini 2024-07-18 was never offered as Standard in westeurope (review F4); DataZoneStandard there is', () => {
    // Judged before its Standard retirement, so availability is what fails.
    const f = errors({ model: 'gpt-4o-mini', version: '2024-07-18', sku: 'Standard', region: 'westeurope' }, '2026-01-15');
    expect(f.map((x) => x.message)).toEqual([
      "gpt-4o-mini 2024-07-18 is not offered as Standard in westeurope (Microsoft's model availability matrix, ms.date 2026-04-30): Standard regions: eastus, eastus2, northcentralus, southcentralus, swedencentral, westus, westus3; westeurope offers it as DataZoneStandard, GlobalStandard, DataZoneProvisionedManaged, GlobalProvisionedManaged, GlobalBatch, DataZoneBatch",
    ]);
    expect(errors({ model: 'gpt-4o-mini', version: '2024-07-18', sku: 'DataZoneStandard', region: 'westeurope' }, '2026-01-15')).toEqual([]);
  });

  test('every listed region passes and every other Azure region fails, for each version and SKU of the matrix', () => {
    let judged = 0;
    for (const [model, versions] of Object.entries(MODEL_AVAILABILITY)) {
      for (const [version, skus] of Object.entries(versions)) {
        const e = modelVersion(model, version)!;
        for (const sku of DEPLOYMENT_SKUS) {
          const before = dayBefore(retirementFor(e, sku).date);
          const listed = new Set(skus[sku] ?? []);
          for (const region of AZURE_REGIONS) {
            const notOffered = errors({ model, version, sku, region }, before).some((f) => f.kind === 'not-offered');
            expect([model, version, sku, region, notOffered]).toEqual([model, version, sku, region, !listed.has(region)]);
            judged++;
          }
        }
      }
    }
    expect(judged).toBeGreaterThan(10_000);
  });

  test('a version without availability data (newer than the matrices) or an unknown region is a warning, never an error', () => {
    expect(kinds({ model: 'gpt-5.6-sol', version: '2026-07-09', sku: 'DataZoneStandard', region: 'swedencentral' }, TEST_AS_OF)).toEqual(['warning availability-unknown']);
    expect(kinds({ model: 'gpt-5.5', version: '2026-04-24', sku: 'DataZoneStandard' }, TEST_AS_OF)).toEqual(['warning availability-unknown']);
  });
});

describe('lifecycle warnings', () => {
  test('deprecated from its deprecation date (no new customers), not before', () => {
    const q = { model: 'gpt-5.1', version: '2025-11-13', sku: 'DataZoneStandard', region: 'swedencentral' };
    expect(kinds(q, '2026-11-12')).toEqual([]);
    expect(judgeModelDeployment(q, '2026-11-13').map((f) => f.message)).toEqual([
      "gpt-5.1 2025-11-13 is deprecated since 2026-11-13 (Microsoft's model retirement table, ms.date 2025-12-16): subscriptions that never deployed it cannot create it",
    ]);
  });

  test('legacy and deprecated stages of the schedule warn; preview warns in production only', () => {
    expect(kinds({ model: 'gpt-4o', version: '2024-11-20', sku: 'DataZoneStandard', region: 'swedencentral' }, TEST_AS_OF)).toEqual(['warning legacy']);
    expect(kinds({ model: 'gpt-4o', version: '2024-08-06', sku: 'DataZoneStandard', region: 'swedencentral' }, TEST_AS_OF)).toEqual(['warning deprecated']);
    const preview = { model: 'gpt-chat-latest', version: '2026-08-06', sku: 'GlobalStandard', region: 'swedencentral' };
    expect(kinds(preview, '2026-09-10')).toEqual(['warning retiring-soon', 'warning availability-unknown']);
    expect(kinds({ ...preview, production: true }, '2026-09-10')).toEqual(['warning retiring-soon', 'warning preview', 'warning availability-unknown']);
  });

  test('a model or version the catalog does not know is a warning, never an error', () => {
    expect(judgeModelDeployment({ model: 'Llama-4-Scout-17B-16E-Instruct', version: '1', sku: 'GlobalStandard', region: 'eastus' }, TEST_AS_OF)).toEqual([
      { severity: 'warning', kind: 'unknown-model', message: `Llama-4-Scout-17B-16E-Instruct 1: Llama-4-Scout-17B-16E-Instruct is not in the ailz model catalog (it covers Azure OpenAI text, reasoning and embedding models, read ${MODEL_CATALOG_READ_ON}); check its retirement date and region availability yourself` },
    ]);
    expect(judgeModelDeployment({ model: 'gpt-5.5', version: '2099-01-01', sku: 'GlobalStandard', region: 'eastus2' }, TEST_AS_OF).map((f) => `${f.severity} ${f.kind} ${f.message}`))
      .toEqual(['warning unknown-version gpt-5.5 2099-01-01: version 2099-01-01 is not in the ailz model catalog (known versions of gpt-5.5: 2026-04-24); check Microsoft\'s retirement schedule and availability for it']);
    expect(kinds({ model: 'gpt-5.5', version: '2026-04-24', sku: 'Developer', region: 'swedencentral' }, TEST_AS_OF)).toEqual(['warning unknown-sku']);
  });

  test('the reference deployment\'s models are current on the catalog date', () => {
    expect(judgeModelDeployment({ model: 'gpt-5.5', version: '2026-04-24', sku: 'DataZoneStandard', region: 'swedencentral', production: true }, TEST_AS_OF)).toEqual([]);
    expect(judgeModelDeployment({ model: 'text-embedding-3-large', version: '1', sku: 'Standard', region: 'swedencentral', production: true }, TEST_AS_OF)).toEqual([]);
    expect(judgeModelDeployment({ model: 'gpt-5.4', version: '2026-03-05', sku: 'DataZoneStandard', region: 'westeurope' }, TEST_AS_OF)).toEqual([]);
  });
});

describe('catalog age', () => {
  test('a data source older than 180 days on the as-of date is reported, with its date; policy text is not data', () => {
    const availability = MODEL_SOURCES.availability.dataDate;
    const limit = new Date(Date.parse(`${availability}T00:00:00Z`) + CATALOG_MAX_AGE_DAYS * 86_400_000).toISOString().slice(0, 10);
    expect(staleModelSources(limit).map((s) => s.source)).not.toContain('availability');
    const dayAfter = new Date(Date.parse(`${limit}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(staleModelSources(dayAfter).map((s) => s.source)).toContain('availability');
    expect(staleModelSources('2030-01-01').map((s) => s.source).sort()).toEqual(['availability', 'retirementTable', 'schedule']);
    expect(catalogAgeWarning(MODEL_SOURCES.availability.dataDate)).toBeUndefined();
  });

  test('on the date it was read, the catalog says honestly which sources are stale', () => {
    // The newest availability matrices and retirement table rows found were from April 2026.
    expect(catalogAgeWarning(TEST_AS_OF)).toBe(`the model catalog (azure/models.ts, read 2026-11-26) is older than 180 days on 2026-11-26: Microsoft's model retirement table, ms.date 2025-12-16 (data as of 2026-04-24, 216 days old); Microsoft's model availability matrix, ms.date 2026-04-30 (data as of 2026-04-30, 210 days old). Retirements and regions Microsoft changed since are not known to ailz; refresh the catalog (README "Refreshing the model catalog")`);
  });
});

describe('catalog data', () => {
  test('every source has real dates, a URL, and was read on the catalog date', () => {
    for (const s of Object.values(MODEL_SOURCES)) {
      expect(isIsoDate(s.msDate) && isIsoDate(s.dataDate) && isIsoDate(s.read)).toBe(true);
      expect(s.url).toMatch(/^https:\/\//);
      expect(s.read).toBe(MODEL_CATALOG_READ_ON);
      expect(daysBetween(s.msDate, s.dataDate)).toBeGreaterThanOrEqual(0);
      expect(daysBetween(s.dataDate, s.read)).toBeGreaterThanOrEqual(0);
    }
  });

  test('one entry per model version, with real dates; deprecation comes before retirement', () => {
    const keys = MODEL_LIFECYCLE.map((e) => `${e.model} ${e.version}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const e of MODEL_LIFECYCLE) {
      const dates = [e.retires, ...Object.values(e.retiresBySku ?? {}), ...(e.deprecated ? [e.deprecated] : [])];
      for (const d of dates) expect([e.model, e.version, isIsoDate(d!.date)]).toEqual([e.model, e.version, true]);
      if (e.deprecated) expect(daysBetween(e.deprecated.date, e.retires.date)).toBeGreaterThan(0);
      if (e.stage === 'Retired') expect(daysBetween(e.retires.date, MODEL_SOURCES.schedule.dataDate)).toBeGreaterThanOrEqual(0);
    }
  });

  test('the availability table covers only catalogued versions, known SKUs and real Azure regions, sorted', () => {
    for (const [model, versions] of Object.entries(MODEL_AVAILABILITY)) {
      for (const [version, skus] of Object.entries(versions)) {
        expect(modelVersion(model, version)).toBeDefined();
        for (const [sku, regions] of Object.entries(skus)) {
          expect(DEPLOYMENT_SKUS as readonly string[]).toContain(sku);
          expect(regions.filter((r) => !(AZURE_REGIONS as readonly string[]).includes(r))).toEqual([]);
          expect([...regions]).toEqual([...regions].sort());
          expect(regions.length).toBeGreaterThan(0);
        }
      }
    }
  });

  test('coverage: the families a landing zone deploys (gpt-5.x, gpt-4.1, o-series, gpt-4o, embeddings)', () => {
    const models = new Set(MODEL_LIFECYCLE.map((e) => e.model));
    for (const m of ['gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'gpt-5.1', 'gpt-5.2', 'gpt-5.4', 'gpt-5.4-mini', 'gpt-5.5', 'gpt-5.6-sol', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano',
      'o1', 'o3', 'o3-mini', 'o4-mini', 'gpt-4o', 'gpt-4o-mini', 'text-embedding-3-small', 'text-embedding-3-large', 'text-embedding-ada-002']) {
      expect([m, models.has(m)]).toEqual([m, true]);
    }
  });
});
