/**
 * The webhook worker's batched store work, on each store: a turn's event payloads read by
 * position in one read (past one statement's `IN` list too), its endpoints by id, and its
 * attempts recorded in one transaction — each delivery's result only while the owner holds its
 * lease, each endpoint change whoever holds it, one endpoint's changes in the order given.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../helpers/store-suites.js';
import { createCall, seedAgentAndSkill } from '../helpers/harness.js';
import type { Completion, NewDelivery, WebhookEndpointRecord } from '../../src/domain/ports/index.js';
import { IN_LIST_MAX } from '../../src/store/shared/sql.js';

const NOW = '2025-03-17T14:30:00.000Z';
const LATER = '2025-03-17T15:30:00.000Z';

function endpoint(accountId: string, id: string): WebhookEndpointRecord {
  return {
    accountId,
    id,
    url: 'https://example.com/hooks',
    events: [],
    description: '',
    enabled: true,
    disabledReason: null,
    disabledAt: null,
    failingSince: null,
    secretSealed: 'sealed',
    previousSecretSealed: null,
    previousSecretExpiresAt: null,
    fanoutPosition: 0,
    createdAt: NOW,
    updatedAt: NOW,
  };
}

function delivery(accountId: string, endpointId: string, id: string): NewDelivery {
  const eventId = `evt_${id}`;
  return {
    id,
    accountId,
    endpointId,
    eventId,
    eventType: 'webhook.test',
    callId: '',
    sequence: 0,
    eventPosition: 0,
    payload: `{"id":"${eventId}"}`,
    nextAttemptAt: NOW,
    createdAt: NOW,
  };
}

function completion(deliveryId: string, endpointId: string, change: Completion['endpoint']): Completion {
  const result = {
    status: 'succeeded' as const,
    attempts: 1,
    nextAttemptAt: '',
    lastStatus: 204,
    lastError: null,
    lastDurationMs: 3,
    updatedAt: NOW,
  };
  return { deliveryId, endpointId, endpoint: change, result };
}

describeEachStore('webhook batches in the store', (t) => {
  it('reads events by position in one call, oldest first, past one statement and without the missing', async () => {
    const store = t.testStore.store;
    const ids = await seedAgentAndSkill(t);
    const callId = (await createCall(t, ids)).json.id as string;
    for (let i = 0; i < IN_LIST_MAX + 5; i++) {
      assert.equal((await t.post(`/api/v1/calls/${callId}/messages`, { sender: 'agent', content: `m${i}` })).status, 201);
    }
    const all = await store.events.readAfter(0, 1000);
    assert.ok(all.length > IN_LIST_MAX);
    const last = await store.events.lastPosition();
    const positions = [...all.map((e) => e.position)].reverse();
    const read = await store.events.readPositions([last + 7, ...positions, positions[0] ?? 0]);
    assert.deepEqual(read, all);
    assert.deepEqual(await store.events.readPositions([all[2]?.position ?? 0]), [all[2]]);
    assert.deepEqual(await store.events.readPositions([]), []);
  });

  it('records a batch in one call: results under the lease only, endpoint changes in order', async () => {
    const { webhooks, webhookQueue: queue } = t.testStore.store;
    const accountId = 'acc_batches';
    await webhooks.insert(endpoint(accountId, 'wh_1'));
    await webhooks.insert(endpoint(accountId, 'wh_2'));
    for (const [id, e] of [
      ['dlv_1', 'wh_1'],
      ['dlv_2', 'wh_1'],
      ['dlv_3', 'wh_2'],
    ])
      await queue.enqueue(delivery(accountId, e, id));
    assert.equal((await queue.claim('a', NOW, LATER, 10)).length, 3);
    // dlv_3's claim passes to another process.
    await queue.release('dlv_3', 'a');
    assert.deepEqual(
      (await queue.claim('b', NOW, LATER, 10)).map((d) => d.id),
      ['dlv_3'],
    );
    const stored = await queue.completeMany('a', [
      completion('dlv_2', 'wh_1', { kind: 'failing', since: NOW }),
      completion('dlv_1', 'wh_1', { kind: 'healthy' }),
      completion('dlv_3', 'wh_2', { kind: 'disable', reason: 'gone', at: NOW }),
    ]);
    assert.deepEqual(stored, [true, true, false]);
    const endpoints = await webhooks.getByIds(['wh_2', 'wh_1', 'wh_nope']);
    const byId = new Map(endpoints.map((e) => [e.id, e]));
    assert.equal(endpoints.length, 2);
    assert.equal(byId.get('wh_1')?.failingSince, null, 'failing, then healthy again');
    assert.deepEqual([byId.get('wh_2')?.enabled, byId.get('wh_2')?.disabledReason], [false, 'gone']);
    const one = await queue.list(accountId, 'wh_1', undefined, undefined, 10);
    assert.deepEqual(
      one.deliveries.map((d) => [d.id, d.status, d.attempts]),
      [
        ['dlv_2', 'succeeded', 1],
        ['dlv_1', 'succeeded', 1],
      ],
    );
    const two = await queue.list(accountId, 'wh_2', undefined, undefined, 10);
    assert.deepEqual(
      two.deliveries.map((d) => [d.id, d.status, d.attempts]),
      [['dlv_3', 'pending', 0]],
    );
    assert.deepEqual(await queue.completeMany('a', []), []);
  });
});
