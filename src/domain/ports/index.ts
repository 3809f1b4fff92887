/**
 * The domain's ports: one repository per aggregate, implemented by each engine under src/store/.
 * `Repositories` is the bundle an engine hands out (src/store/open.ts); services take only the
 * repositories they use.
 */
import type { AccountRepository } from './accounts.js';
import type { AgentRepository, CustomerRepository, SkillRepository } from './directory.js';
import type { CallRepository } from './calls.js';
import type { MessageRepository } from './messages.js';
import type { TwilioSettingsRepository } from './integrations.js';
import type { ErasureRepository, RetentionRepository } from './data-protection.js';
import type { BulkTransfer, StoreLifecycle } from './maintenance.js';
import type { CallChangeFeed } from './call-changes.js';
import type { WebhookDeliveryQueue, WebhookEndpointRepository } from './webhooks.js';
import type { EventLog } from './events.js';
import type { WindowCounters } from './counters.js';

export type * from './accounts.js';
export type * from './directory.js';
export type * from './calls.js';
export type * from './messages.js';
export type * from './integrations.js';
export type * from './data-protection.js';
export type * from './call-changes.js';
export type * from './maintenance.js';
export type * from './events.js';
export type * from './counters.js';
export type * from './webhooks.js';
export { EXPORT_TABLES } from './maintenance.js';

export interface Repositories extends StoreLifecycle {
  readonly accounts: AccountRepository;
  readonly agents: AgentRepository;
  readonly skills: SkillRepository;
  readonly customers: CustomerRepository;
  readonly calls: CallRepository;
  readonly messages: MessageRepository;
  readonly twilio: TwilioSettingsRepository;
  readonly erasure: ErasureRepository;
  readonly retention: RetentionRepository;
  readonly bulk: BulkTransfer;
  /** The durable event log (feed, live stream, webhook deliveries). */
  readonly events: EventLog;
  /** How the call cache learns of changes; undefined: the engine cannot say, so nothing is cached. */
  readonly callChanges: CallChangeFeed | undefined;
  /** Counters shared by every process on this database (the rate limits count through them). */
  readonly counters: WindowCounters;
  readonly webhooks: WebhookEndpointRepository;
  readonly webhookQueue: WebhookDeliveryQueue;
}
