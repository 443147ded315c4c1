/** Serves the benchmark tenant on 127.0.0.1 (its own process, so the assess process's memory is its own); prints `{url, caFile}`. */
import { writeFileSync } from 'fs';
import { FakeAzure } from '../test/assess/support/fake-azure';
import { benchTenant } from './assess-tenant';

const n = Number(process.argv[2] ?? 50000);
const caFile = process.argv[3];
const fake = new FakeAzure({ tenant: benchTenant(n) });
fake.start().then((url) => {
  writeFileSync(caFile, fake.certs.ca);
  process.stdout.write(`${JSON.stringify({ url })}\n`);
});
process.on('SIGTERM', () => fake.stop().then(() => process.exit(0)));
