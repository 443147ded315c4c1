import { Clock } from '../../../azure-client/retry';

/** A clock whose sleep returns at once and advances time: Retry-After never waits for real. */
export class FakeClock implements Clock {
  t = Date.UTC(2026, 8, 1, 12, 0, 0);
  readonly sleeps: number[] = [];
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
  }
}

/** A static TokenCredential: what the fake server expects. */
export const staticCredential = (token = 'test-token') => ({
  getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600_000 }),
});
