/**
 * The SDK in a few lines: create an agent, a skill and a call, add a message, poll the call with
 * its ETag, and walk the calls list. Run against a server:
 *   CALLS_API_URL=http://localhost:3000 CALLS_API_KEY_ID=key_… CALLS_API_SECRET=… npx tsx packages/sdk/examples/quickstart.ts
 */
// In an application: import { CallsApiClient, CallsApiError } from '@calls-api/sdk';
import { CallsApiClient, CallsApiError } from '../src/index.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
};

const client = new CallsApiClient({ baseUrl: env('CALLS_API_URL'), keyId: env('CALLS_API_KEY_ID'), secret: env('CALLS_API_SECRET') });

const agent = await client.agents.create({ name: 'Ada', agentType: 'AI', phone: '+14155550100' });
const skill = await client.skills.create({ name: 'Billing' });
const call = await client.createCall({ agentId: agent.id, skillId: skill.id, channel: 'sms', customerPhone: '+14155550123' });
await client.appendMessage(call.id, { sender: 'customer', content: 'Hi, a question about my bill' });

// A poller: the body comes only when the call changed.
const first = await client.getCallIfChanged(call.id, undefined);
const again = await client.getCallIfChanged(call.id, first.etag);
console.log(`call ${call.id}: ${first.changed ? 'fetched' : 'unchanged'}, then ${again.changed ? 'fetched' : 'unchanged (304)'}`);

let count = 0;
for await (const listed of client.calls({ channel: ['sms'], limit: 50 })) {
  if (listed.messages.length > 0) count++;
}
console.log(`${String(count)} SMS thread(s) with messages`);

try {
  await client.getCall('00000000-0000-4000-8000-000000000000');
} catch (err) {
  if (!(err instanceof CallsApiError) || err.code !== 'CALL_NOT_FOUND') throw err;
  console.log(`missing call: ${err.code} (${String(err.status)})`);
}
