import { evaluate, formatFindings } from '../../guardrails';
import { golden } from './fixtures';
import { TEST_AS_OF } from '../as-of';

test('the hardened workload fixture has no findings at all', () => {
  const result = evaluate([golden()], { asOf: TEST_AS_OF });
  expect(formatFindings(result, 'text')).toBe('0 error(s), 0 warning(s), 0 suppressed\n');
});
