/** Which customer a new call belongs to: decided by the domain, the same for every engine. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { customerLookups, planCustomer, type CustomerResolution } from '../../src/domain/customer-match.js';
import type { CustomerRecord } from '../../src/domain/types.js';

const NOW = '2025-03-17T14:30:00.000Z';

function resolution(matchPhone: string, matchEmail: string): CustomerResolution {
  const create: CustomerRecord = {
    accountId: 'acct',
    id: 'new-customer',
    name: 'John Doe',
    firstName: '',
    lastName: '',
    phone: matchPhone,
    email: matchEmail,
    language: '',
    customFields: [],
    createdAt: NOW,
    updatedAt: NOW,
  };
  return { matchPhone, matchEmail, create };
}

describe('customer matching', () => {
  it('looks up by phone first, then by email, and not by an empty value', () => {
    assert.deepEqual(customerLookups(resolution('+14155550123', 'john@example.com')), [
      { by: 'phone', value: '+14155550123' },
      { by: 'email', value: 'john@example.com' },
    ]);
    assert.deepEqual(customerLookups(resolution('', 'john@example.com')), [{ by: 'email', value: 'john@example.com' }]);
    assert.deepEqual(customerLookups(resolution('+14155550123', '')), [{ by: 'phone', value: '+14155550123' }]);
    assert.deepEqual(customerLookups(resolution('', '')), []);
  });

  it('takes the phone match over the email match', () => {
    assert.deepEqual(planCustomer(resolution('+14155550123', 'john@example.com'), { phone: 'by-phone', email: 'by-email' }), {
      customerId: 'by-phone',
    });
  });

  it('takes the email match when no customer has the phone', () => {
    assert.deepEqual(planCustomer(resolution('+14155550123', 'john@example.com'), { email: 'by-email' }), { customerId: 'by-email' });
  });

  it('creates the new customer when nothing matches', () => {
    const r = resolution('+14155550123', 'john@example.com');
    assert.deepEqual(planCustomer(r, {}), { customerId: 'new-customer', create: r.create });
    const nothingToMatch = resolution('', '');
    assert.deepEqual(planCustomer(nothingToMatch, {}), { customerId: 'new-customer', create: nothingToMatch.create });
  });
});
