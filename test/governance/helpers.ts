import { Construct } from 'constructs';
import { Testing } from 'cdktf';

/** Synthesizes a construct in a test stack; returns `resource` of the Terraform JSON (type -> name -> config). */
export function synthResources(build: (scope: Construct) => void): Record<string, Record<string, any>> {
  const json = JSON.parse(Testing.synthScope((scope) => { build(scope); }));
  return json.resource ?? {};
}

/** All resources of one type, as an array of configs. */
export function ofType(resources: Record<string, Record<string, any>>, type: string): any[] {
  return Object.values(resources[type] ?? {});
}
