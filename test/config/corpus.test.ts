/**
 * One corpus, two judges. The CLI (`ailz validate`, in process) accepts every valid config and
 * rejects every invalid one with its message (exit 2); a JSON Schema validator (ajv, draft-07, with
 * the standard formats) running the committed schema accepts every valid config and rejects every
 * invalid one the schema language can express. For the rest the corpus says why JSON Schema cannot,
 * and the test proves it still accepts them: tightening the schema fails here until the corpus says so.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { runCli } from '../../cli/main';
import { EXIT } from '../../cli/exit-codes';
import { corpus } from './corpus';
import { TEST_AS_OF } from '../as-of';

const entries = corpus();
const valid = entries.filter((e) => e.valid);
const invalid = entries.filter((e) => !e.valid);

async function validate(file: string): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  // Dates pinned: model lifecycle and expiry are judged on TEST_AS_OF, never the clock.
  const code = await runCli(['validate', '--config', file, '--as-of', TEST_AS_OF, '--no-previous'], { out: () => undefined, err: (s) => err.push(s) }, {});
  return { code, err: err.join('\n') };
}

describe('the corpus', () => {
  it('covers both sides, and every invalid entry says what the CLI reports and what JSON Schema can do', () => {
    expect(valid.length).toBeGreaterThanOrEqual(10);
    expect(invalid.filter((e) => e.schemaRejects).length).toBeGreaterThanOrEqual(30);
    expect(invalid.filter((e) => e.schemaRejects === false).length).toBeGreaterThanOrEqual(10);
    for (const e of invalid) {
      expect({ name: e.name, cli: e.cli instanceof RegExp, schema: e.schemaRejects !== undefined }).toEqual({ name: e.name, cli: true, schema: true });
      if (e.schemaRejects === false) expect(e.beyond).toBeTruthy();
    }
  });
});

describe('ailz validate over the corpus', () => {
  it.each(valid.map((e) => [e.name, e]))('accepts %s', async (_name, e) => {
    const r = await validate(e.file);
    expect(r.code).toBe(EXIT.OK);
    // Warnings (the model catalog's age, a deprecated model) never make a config invalid.
    expect(r.err.split('\n').filter((l) => l !== '' && !l.startsWith('warning: '))).toEqual([]);
  });

  it.each(invalid.map((e) => [e.name, e]))('rejects %s (exit 2, the message)', async (_name, e) => {
    const r = await validate(e.file);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toMatch(e.cli!);
  });
});

describe('the JSON Schema (ajv) over the corpus', () => {
  // strictRequired is off: `required` inside oneOf/if-then without repeating `properties` is the
  // standard idiom for "exactly one of" and conditional requirements.
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'config', 'landing-zone.schema.json'), 'utf8'));
  const check = ajv.compile(schema);
  const judge = (file: string) => {
    const ok = check(parse(readFileSync(file, 'utf8')));
    return { ok, errors: (check.errors ?? []).map((x) => `${x.instancePath} ${x.message}`) };
  };

  it('compiles in strict mode', () => {
    expect(typeof check).toBe('function');
  });

  it.each(valid.map((e) => [e.name, e]))('accepts %s', (_name, e) => {
    expect(judge(e.file)).toEqual({ ok: true, errors: [] });
  });

  it.each(invalid.filter((e) => e.schemaRejects).map((e) => [e.name, e]))('rejects %s', (_name, e) => {
    expect(judge(e.file).ok).toBe(false);
  });

  it.each(invalid.filter((e) => e.schemaRejects === false).map((e) => [e.name, e.beyond, e]))('cannot reject %s: %s', (_name, _why, e) => {
    expect(judge(e.file)).toEqual({ ok: true, errors: [] });
  });
});
