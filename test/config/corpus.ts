/**
 * The config corpus (test/config/corpus/): valid and invalid configs, each invalid one with the
 * problem the CLI must report (`# cli: <regex>`) and whether the JSON Schema can reject it
 * (`# json-schema: rejects`, or `accepts (<why the schema language cannot say it>)`). The CLI test
 * and the JSON Schema test read the same files.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

export const CORPUS = join(__dirname, 'corpus');

export interface CorpusEntry {
  readonly file: string;
  readonly name: string;
  readonly valid: boolean;
  readonly description: string;
  /** What the CLI must report (invalid entries). */
  readonly cli?: RegExp;
  /** Whether a JSON Schema validator must reject it (invalid entries); false says why in `beyond`. */
  readonly schemaRejects?: boolean;
  readonly beyond?: string;
}

export function corpus(): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  for (const kind of ['valid', 'invalid'] as const) {
    for (const name of readdirSync(join(CORPUS, kind)).filter((n) => n.endsWith('.yaml')).sort()) {
      const file = join(CORPUS, kind, name);
      const header = readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('# ')).map((l) => l.slice(2));
      const field = (key: string) => header.find((l) => l.startsWith(`${key}: `))?.slice(key.length + 2);
      const schema = field('json-schema');
      entries.push({
        file, name: `${kind}/${name}`, valid: kind === 'valid', description: header[0],
        cli: field('cli') ? new RegExp(field('cli')!) : undefined,
        schemaRejects: schema === undefined ? undefined : schema === 'rejects',
        beyond: /^accepts \((.+)\)$/.exec(schema ?? '')?.[1],
      });
    }
  }
  return entries;
}
