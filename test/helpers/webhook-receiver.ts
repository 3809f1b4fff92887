/**
 * A real webhook receiver on loopback for the delivery tests: records every request (headers and
 * the raw body) and answers as the test says.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  body: string;
  /** The status it was answered with. */
  answered?: number;
  /** The parsed event. */
  event: { id: string; type: string; sequence: number; timestamp: string; data: Record<string, unknown> };
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
}

export interface Receiver {
  url: string;
  received: ReceivedDelivery[];
  /**
   * Decides each answer (default 204); `attempt` counts the requests with this one's webhook-id,
   * this one included (a late request of an earlier test does not shift it).
   */
  respond: (delivery: ReceivedDelivery, attempt: number) => Answer;
  /** Waits until `predicate` holds over what was received (fails after `timeoutMs`). */
  waitFor(predicate: (received: ReceivedDelivery[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    received: [],
    respond: () => ({ status: 204 }),
    async waitFor(predicate, what, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(receiver.received)) {
        if (Date.now() > deadline) throw new Error(`receiver: timed out waiting for ${what} (received ${receiver.received.length})`);
        await sleep(20);
      }
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const delivery: ReceivedDelivery = { headers: req.headers, body, event: JSON.parse(body) };
      receiver.received.push(delivery);
      const attempt = receiver.received.filter((d) => d.headers['webhook-id'] === req.headers['webhook-id']).length;
      const answer = receiver.respond(delivery, attempt);
      delivery.answered = answer.status;
      res.writeHead(answer.status, answer.headers ?? {});
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('receiver: no port');
  receiver.url = `http://127.0.0.1:${address.port}/hooks`;
  return receiver;
}
