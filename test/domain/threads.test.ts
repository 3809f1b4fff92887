/** Where a message goes: the checks of an append and the open-thread choice, decided by the domain. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chooseOpenThread, planMessageAppend, type ThreadCandidate } from '../../src/domain/threads.js';
import { TERMINAL_CALL_STATUSES } from '../../src/domain/statuses.js';
import { CALL_STATUSES } from '../../src/contract/vocabulary.js';
import type { MessageRecord } from '../../src/domain/types.js';

const message: MessageRecord = {
  sid: 'SM1',
  timestamp: '2025-03-17T14:30:00.000Z',
  sender: 'customer',
  content: 'Hi',
  mediaUrl: '',
  status: 'received',
};

describe('appending a message', () => {
  it('numbers the message after the last one', () => {
    assert.deepEqual(planMessageAppend({ messageCount: 0 }, undefined, 10), { kind: 'append', seq: 1 });
    assert.deepEqual(planMessageAppend({ messageCount: 9 }, undefined, 10), { kind: 'append', seq: 10 });
  });

  it('refuses a missing call, a sid already on the call, and a full call, in that order', () => {
    assert.deepEqual(planMessageAppend(undefined, message, 0), { kind: 'call-missing' });
    assert.deepEqual(planMessageAppend({ messageCount: 10 }, message, 10), { kind: 'sid-exists', message });
    assert.deepEqual(planMessageAppend({ messageCount: 10 }, undefined, 10), { kind: 'limit-reached' });
  });
});

describe('choosing the open thread', () => {
  const call = (id: string, status: ThreadCandidate['status'], createdAt: string): ThreadCandidate => ({
    id,
    status,
    createdAt,
    messageCount: 0,
  });

  it('joins the newest call that has not ended', () => {
    const threads = [
      call('a', 'open', '2025-03-17T10:00:00.000Z'),
      call('b', 'stalled', '2025-03-17T12:00:00.000Z'),
      call('c', 'closed', '2025-03-17T13:00:00.000Z'),
    ];
    assert.equal(chooseOpenThread(threads)?.id, 'b');
  });

  it('breaks a tie of creation times by the higher id (newest-first order)', () => {
    const at = '2025-03-17T10:00:00.000Z';
    assert.equal(chooseOpenThread([call('b', 'open', at), call('c', 'open', at), call('a', 'open', at)])?.id, 'c');
  });

  it('starts a new thread when every call has ended, or there is none', () => {
    const ended = [...TERMINAL_CALL_STATUSES].map((status, i) => call(`t${i}`, status, `2025-03-17T1${i % 10}:00:00.000Z`));
    assert.equal(chooseOpenThread(ended), undefined);
    assert.equal(chooseOpenThread<ThreadCandidate>([]), undefined);
  });

  it('counts every status that is not terminal as open', () => {
    for (const status of CALL_STATUSES) {
      const chosen = chooseOpenThread([call('x', status, '2025-03-17T10:00:00.000Z')]);
      assert.equal(chosen === undefined, TERMINAL_CALL_STATUSES.has(status), status);
    }
  });
});
