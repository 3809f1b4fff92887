/**
 * The webhook parts of a process: the service the routes use, and — when WEBHOOK_WORKER is on —
 * the delivery worker, woken when the event log grows and stopped when the server closes.
 */
import type { EventLog, WebhookDeliveryQueue, WebhookEndpointRepository } from '../../domain/ports/index.js';
import type { Clock } from '../../domain/clock.js';
import type { SecretKeyring } from '../secret-box.js';
import { WebhookService } from './service.js';
import { WebhookSender } from './sender.js';
import { WebhookWorker } from './worker.js';

export interface WebhookParts {
  service: WebhookService;
  worker: WebhookWorker | undefined;
  /** Stops the worker (in-flight attempts are given back). */
  stop(): Promise<void>;
}

/** The settings (WEBHOOK_* in src/config.ts). */
export interface WebhookSettings {
  worker: boolean;
  timeoutMs: number;
  retrySchedule: readonly number[];
  disableAfterMs: number;
  allowPrivateNetworks: boolean;
  pollMs: number;
}

export interface WebhookStores {
  endpoints: WebhookEndpointRepository;
  queue: WebhookDeliveryQueue;
  events: Pick<EventLog, 'readAfter' | 'readPositions' | 'lastPosition' | 'watch'>;
}

export function startWebhooks(
  stores: WebhookStores,
  config: WebhookSettings,
  keyring: SecretKeyring,
  clock: Clock,
  onError: (err: unknown) => void,
): WebhookParts {
  const service = new WebhookService(stores, clock, { keyring, allowPrivateNetworks: config.allowPrivateNetworks });
  if (!config.worker) return { service, worker: undefined, stop: async () => {} };
  const worker = new WebhookWorker(
    { ...stores, sender: new WebhookSender({ timeoutMs: config.timeoutMs, allowPrivateNetworks: config.allowPrivateNetworks }) },
    {
      policy: { schedule: config.retrySchedule, disableAfterMs: config.disableAfterMs },
      keyring,
      pollMs: config.pollMs,
      timeoutMs: config.timeoutMs,
      onError,
    },
  );
  worker.start();
  // New events wake the worker at once instead of at its next poll.
  const watch = stores.events.watch(() => {
    worker.nudge();
  });
  return {
    service,
    worker,
    stop: () => {
      watch.stop();
      return worker.stop();
    },
  };
}
