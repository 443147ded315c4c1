import { catalogAgeWarning } from '../azure/models';

/**
 * The date every date-dependent test judges on (model retirement, AILZ-OAI-013, `--as-of`): tests never
 * depend on the clock. It is the date the model catalog (azure/models.ts) was read.
 */
export const TEST_AS_OF = '2026-11-26';

/** What the CLI prints on stderr about the model catalog's age on `asOf` (empty when it is current). */
export function catalogAgeStderr(asOf: string = TEST_AS_OF): string {
  const w = catalogAgeWarning(asOf);
  return w ? `warning: ${w}\n` : '';
}
