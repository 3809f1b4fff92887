import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TERMINAL_CALL_STATUSES, canMoveCallStatus, canMoveMessageStatus } from '../../src/domain/statuses.js';
import { CALL_STATUSES, MESSAGE_STATUSES } from '../../src/contract/vocabulary.js';
import { deriveDuration, deriveTranscription } from '../../src/domain/derive.js';

describe('status ordering', () => {
  it('never leaves a terminal status without reopen, and always can with it', () => {
    for (const from of TERMINAL_CALL_STATUSES) {
      for (const to of CALL_STATUSES) {
        if (to === from) continue;
        assert.equal(canMoveCallStatus(from, to), false, `${from} → ${to}`);
        assert.equal(canMoveCallStatus(from, to, true), true, `${from} → ${to} with reopen`);
      }
    }
  });

  it('moves forward through the call lifecycle and not back', () => {
    assert.ok(canMoveCallStatus('queued', 'ringing'));
    assert.ok(canMoveCallStatus('ringing', 'in-progress'));
    assert.ok(canMoveCallStatus('in-progress', 'completed'));
    assert.ok(canMoveCallStatus('ringing', 'no-answer'));
    assert.ok(!canMoveCallStatus('in-progress', 'ringing'));
    assert.ok(!canMoveCallStatus('ringing', 'queued'));
    assert.ok(canMoveCallStatus('open', 'stalled') && canMoveCallStatus('stalled', 'open'));
    assert.ok(!canMoveCallStatus('open', 'open'));
  });

  it('moves message statuses forward only', () => {
    const order = ['queued', 'sending', 'sent', 'delivered', 'read'] as const;
    for (let i = 0; i < order.length; i++) {
      for (let j = 0; j < order.length; j++) assert.equal(canMoveMessageStatus(order[i], order[j]), j > i, `${order[i]} → ${order[j]}`);
    }
    assert.ok(!canMoveMessageStatus('delivered', 'failed'));
    assert.ok(canMoveMessageStatus('sent', 'undelivered'));
    assert.equal(MESSAGE_STATUSES.length, 8);
  });
});

describe('derived fields', () => {
  it('renders the transcription one turn a line unless one was set', () => {
    const m = (sender: 'agent' | 'customer' | 'system', content: string) => ({
      sid: 'SM1',
      timestamp: '',
      sender,
      content,
      mediaUrl: '',
      status: 'sent' as const,
    });
    assert.equal(deriveTranscription('', [m('agent', 'Hi'), m('customer', ''), m('customer', 'Hello')]), 'Agent: Hi\nCustomer: Hello');
    assert.equal(deriveTranscription('Set explicitly', [m('agent', 'Hi')]), 'Set explicitly');
  });

  it('computes talk time from answer to end, live while in progress, never negative', () => {
    const base = { durationSeconds: null, status: 'completed' as const };
    assert.equal(deriveDuration({ ...base, answeredAt: '2025-01-01T00:00:00.000Z', endedAt: '2025-01-01T02:00:00.900Z' }, 0), 7200);
    assert.equal(deriveDuration({ ...base, answeredAt: null, endedAt: '2025-01-01T02:00:00.000Z' }, 0), 0);
    assert.equal(deriveDuration({ ...base, answeredAt: '2025-01-01T02:00:00.000Z', endedAt: '2025-01-01T01:00:00.000Z' }, 0), 0);
    assert.equal(
      deriveDuration(
        { durationSeconds: null, status: 'in-progress', answeredAt: '2025-01-01T00:00:00.000Z', endedAt: null },
        Date.parse('2025-01-01T00:01:30.000Z'),
      ),
      90,
    );
    assert.equal(deriveDuration({ ...base, durationSeconds: 61, answeredAt: null, endedAt: null }, 0), 61);
  });
});
