import { evaluate, formatFindings } from '../../guardrails';
import { golden } from './fixtures';

test('the hardened workload fixture has no findings at all', () => {
  const result = evaluate([golden()]);
  expect(formatFindings(result, 'text')).toBe('0 error(s), 0 warning(s), 0 suppressed\n');
});
