/**
 * Serves the benchmark tenant on 127.0.0.1 (its own process, so the assess process's memory and CPU are its
 * own); prints `{url}` once listening. On SIGUSR2 it writes its CPU time so far (`process.cpuUsage()`, ms) to
 * `<caFile>.cpu`, so the benchmark can charge each run the server's share.
 */
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
process.on('SIGUSR2', () => {
  const u = process.cpuUsage();
  writeFileSync(`${caFile}.cpu`, JSON.stringify({ cpuMs: (u.user + u.system) / 1000, requests: fake.requests.length }));
});
process.on('SIGTERM', () => fake.stop().then(() => process.exit(0)));
