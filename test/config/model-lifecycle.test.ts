/**
 * The config-level model lifecycle check (`ValidationOptions.asOf`): the reference deployment's models
 * are current; a retired or unoffered model is a problem naming `workloads[i].openai.deployments[j]`, the
 * date and Microsoft's table; softer issues are warnings; without an as-of date nothing is judged.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse, stringify } from 'yaml';
import { ConfigError, parseConfigText, validateConfig } from '../../config/load';
import { TEST_AS_OF } from '../as-of';

const ROOT = join(__dirname, '..', '..');
const reference = (): any => parse(readFileSync(join(ROOT, 'landing-zone.yaml'), 'utf8'));
const lines = (ps: { path: string; message: string }[]) => ps.map((p) => `${p.path}: ${p.message}`);

/** The two deployments the review (F4) found retired, as the reference config had them before. */
const wave1 = (c: any) => {
  c.workloads[0].openai.deployments[0] = { name: 'gpt-4o', model: 'gpt-4o', version: '2024-11-20', sku: 'DataZoneStandard', capacity: 30 };
  c.workloads[1].openai.deployments[0] = { name: 'gpt-4o-mini', model: 'gpt-4o-mini', version: '2024-07-18', sku: 'Standard', capacity: 20 };
};

test('the reference deployment uses current models: no problem and no warning on the catalog date', () => {
  const { config, problems, warnings } = validateConfig(reference(), { asOf: TEST_AS_OF });
  expect(config).toBeDefined();
  expect(problems).toEqual([]);
  expect(warnings).toEqual([]);
  const models = config!.workloads.flatMap((w) => w.openai.deployments.map((d) => `${w.location} ${d.model} ${d.version} ${d.sku}`));
  expect(models).toEqual([
    'swedencentral gpt-5.5 2026-04-24 DataZoneStandard',
    'swedencentral text-embedding-3-large 1 Standard',
    'westeurope gpt-5.4 2026-03-05 DataZoneStandard',
  ]);
});

test('the wave-1 models: gpt-4o-mini as Standard is retired (error with path, date and source); gpt-4o 2024-11-20 is legacy (warning)', () => {
  const c = reference();
  wave1(c);
  const { config, problems, warnings } = validateConfig(c, { asOf: TEST_AS_OF });
  expect(config).toBeUndefined();
  expect(lines(problems)).toEqual([
    "workloads[1].openai.deployments[0]: gpt-4o-mini 2024-07-18 is retired for Standard deployments since 2026-03-31 (Microsoft's model retirement table, ms.date 2025-12-16): its deployments return errors; Microsoft's replacement: gpt-4.1-mini",
  ]);
  // The newer schedule (ms.date 2026-09-02) moved gpt-4o 2024-11-20 to 2027-04-14 as a legacy model.
  expect(lines(warnings)).toEqual([
    "workloads[0].openai.deployments[0]: gpt-4o 2024-11-20 is a legacy model (Microsoft's model retirement schedule, ms.date 2026-09-02), retiring on 2027-04-14; prefer a current one; Microsoft's replacement: gpt-5.1",
  ]);
});

test('a model the region does not offer as that SKU is a problem naming the regions that do', () => {
  const c = reference();
  c.workloads[1].openai.deployments[0] = { name: 'chat', model: 'gpt-5.5', version: '2026-04-24', sku: 'DataZoneStandard', capacity: 20 };
  expect(lines(validateConfig(c, { asOf: TEST_AS_OF }).problems)).toEqual([
    "workloads[1].openai.deployments[0]: gpt-5.5 2026-04-24 is not offered as DataZoneStandard in westeurope (Microsoft's model availability matrix, ms.date 2026-04-30): DataZoneStandard regions: eastus2, polandcentral, southcentralus, swedencentral; westeurope does not offer it at all",
  ]);
});

test('every problem is reported in one pass, model lifecycle next to schema and cross-field problems', () => {
  const c = reference();
  wave1(c);
  c.organization.prefix = 'Contoso';
  expect(lines(validateConfig(c, { asOf: TEST_AS_OF }).problems).map((l) => l.split(':')[0])).toEqual(['organization.prefix', 'workloads[1].openai.deployments[0]']);
});

test('the as-of date decides: retired on D fails on D, passes on D-1', () => {
  const c = reference();
  c.workloads[0].openai.deployments[0] = { name: 'chat', model: 'gpt-5.1', version: '2025-11-13', sku: 'DataZoneStandard', capacity: 30 };
  expect(validateConfig(c, { asOf: '2027-05-14' }).problems).toEqual([]);
  expect(lines(validateConfig(c, { asOf: '2027-05-15' }).problems)).toEqual([
    "workloads[0].openai.deployments[0]: gpt-5.1 2025-11-13 is retired since 2027-05-15 (Microsoft's model retirement schedule, ms.date 2026-09-02): its deployments return errors",
  ]);
});

test('without an as-of date, model lifecycle is not judged (library callers opt in; the CLI always does)', () => {
  const c = reference();
  wave1(c);
  const { config, problems, warnings } = validateConfig(c);
  expect(config).toBeDefined();
  expect(problems).toEqual([]);
  expect(warnings).toEqual([]);
});

test('parseConfigText hands warnings to onWarning as <file>: <path>: <message>, errors stay in ConfigError', () => {
  const c = reference();
  wave1(c);
  const seen: string[] = [];
  let error: ConfigError | undefined;
  try {
    parseConfigText(stringify(c), 'lz.yaml', { asOf: TEST_AS_OF, onWarning: (w) => seen.push(w) });
  } catch (e) {
    error = e as ConfigError;
  }
  expect(seen).toEqual([expect.stringMatching(/^lz\.yaml: workloads\[0\]\.openai\.deployments\[0\]: gpt-4o 2024-11-20 is a legacy model/)]);
  expect(error?.problems).toEqual([expect.stringMatching(/^lz\.yaml: workloads\[1\]\.openai\.deployments\[0\]: gpt-4o-mini 2024-07-18 is retired/)]);
});

test('deployments with schema errors are left to the schema (no second message about them)', () => {
  const c = reference();
  c.workloads[0].openai.deployments[0].version = 20241120;
  const { problems } = validateConfig(c, { asOf: TEST_AS_OF });
  expect(lines(problems)).toEqual([expect.stringMatching(/^workloads\[0\]\.openai\.deployments\[0\]\.version: /)]);
});
