import { DeleteLock } from '../../constructs/governance/locks';
import { ofType, synthResources } from './helpers';

const SCOPE = '/subscriptions/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e/resourceGroups/rg-platform/providers/Microsoft.OperationalInsights/workspaces/log-platform';

describe('DeleteLock', () => {
  it('puts a CanNotDelete lock with notes on the scope', () => {
    const locks = ofType(synthResources((s) => new DeleteLock(s, 'Lock', { scope: SCOPE, notes: 'Audit trail of the landing zone' })), 'azurerm_management_lock');
    expect(locks).toEqual([{ name: 'ailz-do-not-delete', scope: SCOPE, lock_level: 'CanNotDelete', notes: 'Audit trail of the landing zone' }]);
  });
  it('takes a name and requires notes', () => {
    const [lock] = ofType(synthResources((s) => new DeleteLock(s, 'Lock', { scope: SCOPE, name: 'keep-logs', notes: 'x' })), 'azurerm_management_lock');
    expect(lock.name).toBe('keep-logs');
    expect(() => synthResources((s) => new DeleteLock(s, 'Lock', { scope: SCOPE, notes: '  ' }))).toThrow(/notes must say why/);
  });
});
