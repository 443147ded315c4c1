import { readFileSync } from 'fs';
import { join } from 'path';
import { DETECTIONS, DETECTION_THREATS, renderDetectionTable } from '../../catalog/detections';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README detection table', () => {
  it('is the generated table (regenerate with npm run docs)', () => {
    const start = readme.indexOf('<!-- detections:start -->');
    const end = readme.indexOf('<!-- detections:end -->');
    expect(start).toBeGreaterThan(0);
    expect(readme.slice(start + '<!-- detections:start -->'.length, end).trim()).toBe(renderDetectionTable().trim());
  });

  it('maps every detection to the threat it answers, covering all five threats', () => {
    for (const d of DETECTIONS) expect(readme).toContain(`| ${d.id} |`);
    const covered = new Set(DETECTIONS.map((d) => d.threat));
    expect([...covered].sort()).toEqual([...DETECTION_THREATS].sort());
    expect(covered.size).toBe(5);
  });
});
