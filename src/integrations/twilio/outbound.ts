/**
 * Outbound messages through Twilio (off by default: TWILIO_OUTBOUND=on). When an agent message
 * is appended to an sms / whatsapp thread of an account with Twilio configured, it is handed to
 * the MessageSender after the request has been answered; delivery receipts come back through the
 * messaging status webhook, whose URL names the call and our sid.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { CallRepository } from '../../domain/ports/index.js';
import type { CallsObserver } from '../../domain/calls.js';
import type { MessageRecord } from '../../domain/types.js';
import type { MessageSender, OutboundMessage } from '../message-sender.js';
import type { TwilioSettingsService } from './settings.js';

export class TwilioOutbound implements CallsObserver {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly calls: CallRepository,
    private readonly settings: TwilioSettingsService,
    private readonly sender: MessageSender,
    private readonly publicUrl: string,
    private readonly log: FastifyBaseLogger,
  ) {}

  messageAppended(accountId: string, callId: string, message: MessageRecord): void {
    if (message.sender !== 'agent') return;
    const job = this.dispatch(accountId, callId, message).catch((err: unknown) => {
      // The error's kind only: messages and numbers are personal data.
      this.log.warn({ errType: (err as Error | undefined)?.name, callId }, 'outbound message not sent');
    });
    this.pending.add(job);
    void job.finally(() => this.pending.delete(job));
  }

  /** Resolves when every send started so far has finished (graceful shutdown, tests). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async dispatch(accountId: string, callId: string, message: MessageRecord): Promise<void> {
    const call = await this.calls.get(accountId, callId);
    if (!call || (call.channel !== 'sms' && call.channel !== 'whatsapp')) return;
    const credentials = await this.settings.credentialsOf(accountId);
    if (!credentials) return;
    const from = call.agentPhoneOverride !== '' ? call.agentPhoneOverride : call.agentPhone;
    const to = call.customerPhone;
    if (from === '' || to === '') {
      this.log.warn({ callId }, 'outbound message not sent: the call has no agent or customer phone number');
      return;
    }
    const outbound: OutboundMessage = {
      accountId,
      callId,
      sid: message.sid,
      channel: call.channel,
      from,
      to,
      body: message.content,
      mediaUrl: message.mediaUrl,
      statusCallback:
        this.publicUrl === ''
          ? ''
          : `${this.publicUrl}/webhooks/twilio/messaging/status?${new URLSearchParams({ callId, sid: message.sid })}`,
      credentials: { accountSid: credentials.accountSid, authToken: credentials.authToken },
    };
    await this.sender.send(outbound);
  }
}

/** Twilio's Messages API over fetch. Never used by the tests (they hand in a fake sender). */
export class TwilioMessageSender implements MessageSender {
  constructor(private readonly apiBase = 'https://api.twilio.com') {}

  async send(m: OutboundMessage): Promise<{ providerSid: string }> {
    const prefix = m.channel === 'whatsapp' ? 'whatsapp:' : '';
    const form = new URLSearchParams({ To: prefix + m.to, From: prefix + m.from, Body: m.body });
    if (m.mediaUrl !== '') form.set('MediaUrl', m.mediaUrl);
    if (m.statusCallback !== '') form.set('StatusCallback', m.statusCallback);
    const auth = Buffer.from(`${m.credentials.accountSid}:${m.credentials.authToken}`).toString('base64');
    const res = await fetch(`${this.apiBase}/2010-04-01/Accounts/${m.credentials.accountSid}/Messages.json`, {
      method: 'POST',
      headers: { authorization: `Basic ${auth}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`Twilio Messages API answered ${res.status}`);
    const body = (await res.json()) as { sid?: unknown };
    return { providerSid: typeof body.sid === 'string' ? body.sid : '' };
  }
}
