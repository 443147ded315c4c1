import { z } from 'zod';
import { landingZoneSchema } from './schema';

/** The JSON Schema of the config (draft-07, the dialect yaml-language-server supports best), for editors (`yaml-language-server`) and other tools. */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(landingZoneSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'https://github.com/ailz/ailz/config/landing-zone.schema.json',
    title: 'ailz landing-zone config',
    description: 'One reviewed file that ailz turns into a hardened Azure AI landing zone. See README.md, "Config reference".',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
