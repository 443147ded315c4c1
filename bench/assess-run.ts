/** One `ailz assess` run through the real CLI against the benchmark server (static token; the server's CA trusted explicitly). */
import { readFileSync } from 'fs';
import { runCli } from '../cli/main';

const [url, caFile, out] = process.argv.slice(2);
const credential = { getToken: async () => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3600_000 }) };
runCli(['assess', '--arm-endpoint', url, '--no-graph', '--format', 'json', '--out', out, '--fail-on', 'none', '--concurrency', '32'],
  { out: () => undefined, err: (t) => process.stderr.write(`${t}\n`) }, { credential, ca: readFileSync(caFile, 'utf8'), tty: false })
  .then((code) => { process.exitCode = code; });
