/** `ailz assess export --out DIR`: save the raw Azure responses for an offline assessment. */
import { scopeOptions } from '../azure-options';
import { defineCommand } from '../command';
import type { AssessFlags } from '../run/assess';

export default defineCommand<AssessFlags & { out: string }>({
  name: 'assess export',
  description: 'save the raw Resource Graph and ARM responses to DIR (one file per table; the export contract in README)',
  configure: (cmd) => {
    scopeOptions(cmd).requiredOption('-o, --out <dir>', 'a new or empty directory');
  },
  run: async (opts, { io, deps }) => {
    const { runAssessExport } = require('../run/assess') as typeof import('../run/assess');
    return (await runAssessExport(opts, io, deps));
  },
});
