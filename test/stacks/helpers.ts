import { mkdtempSync, readFileSync, readdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadConfigFile, parseConfigText, LandingZoneConfig } from '../../config/load';
import { synthesizeTo } from '../../cli/synth';

export const ROOT = join(__dirname, '..', '..');

export function referenceConfig(): LandingZoneConfig {
  return loadConfigFile(join(ROOT, 'landing-zone.yaml'));
}

/** The reference YAML with `edit` applied to the parsed document, validated. */
export function configWith(edit: (doc: any) => void, opts: { strict?: boolean } = {}): LandingZoneConfig {
  const { parse, stringify } = require('yaml');
  const doc = parse(readFileSync(join(ROOT, 'landing-zone.yaml'), 'utf8'));
  edit(doc);
  // strict: validate against the real guardrail and policy catalogs, as the CLI does.
  const known = opts.strict
    ? { knownRuleIds: require('../../guardrails').RULE_IDS, knownPolicyAssignments: new Set<string>(require('../../azure/policy-catalog').POLICY_ASSIGNMENT_NAMES) }
    : {};
  return parseConfigText(stringify(doc), 'test.yaml', known);
}

/** Synthesizes every stack; returns the parsed cdk.tf.json of each, by stack name. */
export function synthStacks(config: LandingZoneConfig): Record<string, any> {
  const dir = mkdtempSync(join(tmpdir(), 'ailz-stacks-'));
  synthesizeTo(config, dir);
  const out: Record<string, any> = {};
  for (const stack of readdirSync(join(dir, 'stacks')).sort()) {
    out[stack] = JSON.parse(readFileSync(join(dir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
  }
  return out;
}

/** Every resource of a synthesized stack as [type, logical name, body]. */
export function resourcesOf(stack: any): [string, string, any][] {
  const out: [string, string, any][] = [];
  for (const [type, byName] of Object.entries<any>(stack.resource ?? {})) {
    for (const [name, body] of Object.entries<any>(byName)) out.push([type, name, body]);
  }
  return out;
}
