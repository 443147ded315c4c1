/**
 * The HTML report of `ailz assess`, rendered by Debian's headless Chromium (never a downloaded browser):
 * it loads offline with no external asset, shows the summary, findings with evidence and fix, and the
 * inventory, and prints. With AILZ_WRITE_SCREENSHOT=1 the screenshot of the synthetic tenant's report
 * is written to docs/assess-report.png (the README's picture).
 */
import { execFileSync } from 'child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ArmClient } from '../../azure-client/client';
import { collect } from '../../assess/collect';
import { assess } from '../../assess/assess';
import { landingZoneFromConfig } from '../../assess/landing-zone';
import { TEST_AS_OF } from '../as-of';
import { formatReport } from '../../assess/report';
import { loadConfigFile } from '../../config/load';
import { FakeAzure } from '../assess/support/fake-azure';
import { FakeClock, staticCredential } from '../assess/support/clock';
import { syntheticTenant, TENANT } from '../assess/fixtures/tenant';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const dir = mkdtempSync(join(tmpdir(), 'ailz-browser-'));
const file = join(dir, 'report.html');
let html: string;

const chromium = (...args: string[]) => execFileSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--hide-scrollbars', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 90_000, stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y --no-install-recommends chromium (Debian's package; never a browser download)`);
  const fake = new FakeAzure({ tenant: syntheticTenant() });
  await fake.start();
  const arm = new ArmClient({ endpoint: fake.url, scope: 'x', credential: staticCredential(), clock: new FakeClock(), ca: fake.certs.ca });
  const snapshot = await collect({ arm, graph: arm, scope: { managementGroups: [TENANT] }, cloud: 'AzureCloud', now: () => new Date('2026-09-01T12:00:00Z') });
  arm.close();
  await fake.stop();
  const report = assess(snapshot, { landingZone: landingZoneFromConfig(loadConfigFile('landing-zone.yaml')), asOf: TEST_AS_OF });
  html = formatReport(report, 'html');
  writeFileSync(file, html);
});

describe('assess HTML report in headless Chromium', () => {
  it('is one self-contained file: no script, no external stylesheet, image, font or link target', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)\s*=/i);
  });

  it('renders the summary, the findings with evidence and fix, the inventory and the unreadable subscription', () => {
    const dom = chromium('--dump-dom', `file://${file}`);
    expect(dom).toContain('AI landing zone assessment');
    expect(dom).toMatch(/<div class="card err"><b>\d+<\/b>errors<\/div>/);
    expect(dom).toContain('AILZ-OAI-001 — OpenAI / AI Services account disables public network access');
    expect(dom).toContain('<code>properties.publicNetworkAccess</code> = <code>"Enabled"</code>');
    expect(dom).toMatch(/az resource update --ids \/subscriptions\/[^<]*ais-contoso-research --set properties.publicNetworkAccess=Disabled/);
    expect(dom).toContain('Data Science Sandbox');
    expect(dom).toContain('<span class="pill out">outside</span>');
    expect(dom).toContain('Subscriptions that could not be read');
  });

  it('prints to PDF', () => {
    const pdf = join(dir, 'report.pdf');
    chromium(`--print-to-pdf=${pdf}`, '--no-pdf-header-footer', `file://${file}`);
    const bytes = readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = (bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThan(1);
  });

  it('takes a screenshot (docs/assess-report.png with AILZ_WRITE_SCREENSHOT=1)', () => {
    const png = join(dir, 'report.png');
    chromium(`--screenshot=${png}`, '--window-size=1280,1600', `file://${file}`);
    const bytes = readFileSync(png);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(20_000);
    if (process.env.AILZ_WRITE_SCREENSHOT) copyFileSync(png, join(__dirname, '..', '..', 'docs', 'assess-report.png'));
  });
});
