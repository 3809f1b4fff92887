/**
 * The one LISTEN connection of a process: every channel a part of the store listens on (the event
 * log's, the call cache's) shares it. It is opened when the first subscriber comes and closed
 * when the last one goes; lost (the server restarted, the backend was terminated, the network
 * broke), it is opened again after RELISTEN_MS while anyone subscribes. Subscribers are told when
 * their channel is listened on (`up`: whatever committed before was not notified) and when the
 * connection is lost (`down`: notifications may be missed until the next `up`).
 *
 * A connection can also die without a word (a network that drops packets, a frozen peer): no
 * reset, no `end`, and TCP keepalive would take minutes to notice while every notification is
 * silently lost. So the connection is pinged (`SELECT 1`) every HEARTBEAT_MS, and a ping left
 * unanswered for LOST_AFTER_MS counts as lost: the call cache then stops serving from memory,
 * so a silent death costs at most about LOST_AFTER_MS + HEARTBEAT_MS of staleness.
 */
import pg from 'pg';

export interface ChannelSubscriber {
  /** `senderPid`: the PostgreSQL backend whose transaction sent it. */
  notified(payload: string, senderPid: number): void;
  up(): void;
  down(): void;
}

/** How the LISTEN connection names itself (pg_stat_activity.application_name). */
export const LISTENER_APPLICATION_NAME = 'calls-api listener';
/** How long a lost LISTEN connection waits before connecting again. */
const RELISTEN_MS = 1000;
/** How often an established LISTEN connection is pinged. */
export const HEARTBEAT_MS = 250;
/** A ping unanswered this long means the connection is lost (the cache's worst staleness when it dies silently). */
export const LOST_AFTER_MS = 1000;

export class PgListener {
  private readonly channels = new Map<string, Set<ChannelSubscriber>>();
  private client: pg.Client | undefined;
  /** The channels a LISTEN was sent for on `client`, and those it took effect for. */
  private listening = new Set<string>();
  private listened = new Set<string>();
  private connected = false;
  private retry: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  /** When the unanswered ping was sent (undefined: none is out). */
  private pingSentAt: number | undefined;
  private closed = false;

  constructor(private readonly connectionString: string) {}

  /** Subscribes to a channel (a plain identifier); answers how to unsubscribe. */
  subscribe(channel: string, subscriber: ChannelSubscriber): () => void {
    let subscribers = this.channels.get(channel);
    if (!subscribers) this.channels.set(channel, (subscribers = new Set()));
    subscribers.add(subscriber);
    if (this.closed) return () => {};
    if (this.listened.has(channel)) {
      queueMicrotask(() => {
        if (this.channels.get(channel)?.has(subscriber)) subscriber.up();
      });
    } else if (this.connected && !this.listening.has(channel)) void this.listenAll(this.client);
    else if (this.client === undefined && this.retry === undefined) this.connect();
    return () => {
      subscribers.delete(subscriber);
      if (subscribers.size === 0) this.channels.delete(channel);
      if (this.channels.size === 0) void this.disconnect();
    };
  }

  /** Ends every subscription and the connection (the store is closing). */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.channels.values()].flatMap((s) => [...s]);
    this.channels.clear();
    await this.disconnect();
    for (const s of all) s.down();
  }

  private connect(): void {
    const client = new pg.Client({ connectionString: this.connectionString, keepAlive: true, application_name: LISTENER_APPLICATION_NAME });
    this.client = client;
    this.connected = false;
    this.listening = new Set();
    this.listened = new Set();
    client.on('notification', (msg) => {
      if (this.client !== client) return;
      for (const s of [...(this.channels.get(msg.channel) ?? [])]) s.notified(msg.payload ?? '', msg.processId);
    });
    client.on('error', () => {
      this.lost(client);
    });
    client.on('end', () => {
      this.lost(client);
    });
    client.connect().then(
      () => {
        if (this.client !== client) return;
        this.connected = true;
        this.startHeartbeat(client);
        void this.listenAll(client);
      },
      () => {
        this.lost(client);
      },
    );
  }

  /** LISTENs on every subscribed channel not listened on yet, then tells its subscribers. */
  private async listenAll(client: pg.Client | undefined): Promise<void> {
    if (!client) return;
    for (const channel of [...this.channels.keys()]) {
      if (this.listening.has(channel)) continue;
      this.listening.add(channel);
      try {
        await client.query(`LISTEN ${channel}`);
      } catch {
        this.lost(client);
        return;
      }
      if (this.client !== client) return;
      this.listened.add(channel);
      for (const s of [...(this.channels.get(channel) ?? [])]) s.up();
    }
  }

  private startHeartbeat(client: pg.Client): void {
    this.stopHeartbeat();
    this.heartbeat = setInterval(() => {
      if (this.client !== client) return;
      const now = performance.now();
      if (this.pingSentAt !== undefined) {
        if (now - this.pingSentAt > LOST_AFTER_MS) this.lost(client);
        return;
      }
      this.pingSentAt = now;
      client.query('SELECT 1').then(
        () => {
          if (this.client === client) this.pingSentAt = undefined;
        },
        () => {
          this.lost(client);
        },
      );
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.pingSentAt = undefined;
  }

  /** The connection failed or ended: tell the subscribers, and connect again shortly while anyone subscribes. */
  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.stopHeartbeat();
    this.client = undefined;
    this.connected = false;
    this.listening = new Set();
    this.listened = new Set();
    client.end().catch(() => {});
    for (const s of [...this.channels.values()].flatMap((set) => [...set])) s.down();
    if (this.closed || this.channels.size === 0) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (!this.closed && this.channels.size > 0 && this.client === undefined) this.connect();
    }, RELISTEN_MS);
    this.retry.unref();
  }

  private async disconnect(): Promise<void> {
    if (this.retry !== undefined) clearTimeout(this.retry);
    this.retry = undefined;
    this.stopHeartbeat();
    const client = this.client;
    this.client = undefined;
    this.connected = false;
    this.listening = new Set();
    this.listened = new Set();
    // A connection that died silently would never answer the goodbye: wait a bounded time.
    if (client) await Promise.race([client.end().catch(() => {}), new Promise((resolve) => setTimeout(resolve, LOST_AFTER_MS).unref())]);
  }
}
