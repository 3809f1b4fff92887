/**
 * What Twilio reports, turned into changes of our records. Twilio calls these webhooks twice,
 * late and out of order; the ordering rules are the domain's (`planCallUpdate`,
 * `canMoveCallStatus`, `canMoveMessageStatus`), applied by the store under its lock, so a
 * duplicate changes nothing and a late `ringing` never moves a finished call back.
 */
import type { AgentRepository, CallRepository, MessageRepository } from '../../domain/ports/index.js';
import type { CallChanges, CallRecord, CustomerRecord, MessageRecord } from '../../domain/types.js';
import { newCallRecord, planCallUpdate } from '../../domain/calls.js';
import { canMoveMessageStatus, isTerminal } from '../../domain/statuses.js';
import type { CallStatus, Channel, MessageStatus } from '../../contract/vocabulary.js';
import { AppError, errors } from '../../domain/errors.js';
import { isUuid, newId } from '../../domain/ids.js';
import { normalizePhone } from '../../domain/contact.js';
import { iso, type Clock } from '../../domain/clock.js';
import { isUniqueViolation } from '../../store/errors.js';
import { randomBytes } from 'node:crypto';
import type { UnsealFailure } from '../secret-box.js';
import type { FormParams } from './signature.js';
import type {
  CallbackTarget,
  IncomingMessageForm,
  MessageStatusForm,
  RecordingForm,
  TwilioCallStatus,
  TwilioMessageStatus,
  VoiceStatusForm,
} from '../../contract/twilio-webhooks.js';
import { isValidSignature } from './signature.js';
import type { TwilioSettingsService } from './settings.js';

/** Twilio CallStatus → ours. `initiated` is still waiting (queued) but marks when dialling started. */
const CALL_STATUS: Record<TwilioCallStatus, CallStatus> = {
  queued: 'queued',
  initiated: 'queued',
  ringing: 'ringing',
  'in-progress': 'in-progress',
  answered: 'in-progress',
  completed: 'completed',
  busy: 'busy',
  failed: 'failed',
  'no-answer': 'no-answer',
  canceled: 'canceled',
};

/** Twilio MessageStatus → ours (the contract's set is Twilio's core; the rest map to their nearest). */
const MESSAGE_STATUS: Record<TwilioMessageStatus, MessageStatus> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'sending',
  sent: 'sent',
  delivered: 'delivered',
  partially_delivered: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  canceled: 'failed',
  read: 'read',
  receiving: 'received',
  received: 'received',
};

export type RefusalReason = 'no-signature' | 'no-account-sid' | 'unknown-account' | 'token-unopenable' | 'bad-signature';

/** Why a callback was refused; `sealing` says why a stored token did not open (never the token). */
export interface Refusal {
  refused: RefusalReason;
  sealing?: { failure: UnsealFailure; keyId?: string };
}

/** Signs nothing: checked against when no token is at hand, so every refusal costs one HMAC. */
const NO_TOKEN = randomBytes(32).toString('hex');

export interface VoiceEvent {
  providerCallSid: string;
  status: CallStatus;
  /** Twilio's `initiated`: dialling started (the call is still waiting). */
  initiated: boolean;
  /** When Twilio says it happened (its `Timestamp`), canonical ISO. */
  at: string;
  /** Twilio's CallDuration, once the call has ended. */
  durationSeconds?: number;
}

/**
 * The changes one voice status callback makes to the call as it stands. Status moves follow the
 * domain's rules, with the implied lifecycle times taken from Twilio's Timestamp; the provider's
 * CallDuration becomes the call's duration when the call ends.
 */
export function planVoiceEvent(current: CallRecord, e: VoiceEvent, nowIso: string): CallChanges | undefined {
  const changes: CallChanges = { ...planCallUpdate(current, { status: e.status }, e.at) };
  delete changes.updatedAt;
  if (current.providerCallSid === null) changes.providerCallSid = e.providerCallSid;
  if (e.initiated && current.startedAt === null && current.status === 'queued') changes.startedAt = e.at;
  if (changes.status !== undefined && isTerminal(changes.status) && e.durationSeconds !== undefined) {
    changes.durationSeconds = e.durationSeconds;
    // Completed before we heard it answered (callbacks out of order): the talk time says when.
    if (e.durationSeconds > 0 && current.answeredAt === null && changes.answeredAt === undefined) {
      changes.answeredAt = iso(Date.parse(e.at) - e.durationSeconds * 1000);
      if (changes.startedAt != null && changes.startedAt > changes.answeredAt) changes.startedAt = changes.answeredAt;
    }
  }
  if (Object.keys(changes).length === 0) return undefined;
  changes.updatedAt = nowIso;
  return changes;
}

/** The repositories the callbacks change. */
export interface TwilioCallbackPorts {
  calls: CallRepository;
  messages: MessageRepository;
  agents: AgentRepository;
}

export class TwilioCallbacks {
  constructor(
    private readonly store: TwilioCallbackPorts,
    private readonly clock: Clock,
    private readonly settings: TwilioSettingsService,
    private readonly limits: { maxMessagesPerCall: number },
  ) {}

  /**
   * The account a signed callback belongs to, or why it is refused. The route answers every
   * refusal alike (403), so the endpoint does not reveal which Twilio accounts are configured here.
   */
  async authenticate(params: FormParams, signature: string | undefined, url: string): Promise<{ accountId: string } | Refusal> {
    const accountSid = params.AccountSid;
    if (typeof signature !== 'string' || signature === '' || signature.length > 128) return { refused: 'no-signature' };
    const credentials = typeof accountSid === 'string' ? await this.settings.credentialsForTwilioAccount(accountSid) : undefined;
    const token = credentials !== undefined && 'authToken' in credentials ? credentials.authToken : NO_TOKEN;
    // Computed whatever happened above: the answer's timing does not tell which SIDs are configured.
    const valid = isValidSignature(token, signature, url, params);
    if (typeof accountSid !== 'string') return { refused: 'no-account-sid' };
    if (!credentials) return { refused: 'unknown-account' };
    if ('unopenable' in credentials) {
      return { refused: 'token-unopenable', sealing: { failure: credentials.unopenable, keyId: credentials.keyId } };
    }
    return valid ? { accountId: credentials.accountId } : { refused: 'bad-signature' };
  }

  /** Voice status callback: creates the call on first sight, then moves it. */
  async voiceStatus(accountId: string, form: VoiceStatusForm, target: CallbackTarget): Promise<void> {
    const callSid = form.CallSid;
    const event: VoiceEvent = {
      providerCallSid: callSid,
      status: CALL_STATUS[form.CallStatus],
      initiated: form.CallStatus === 'initiated',
      at: twilioTime(form.Timestamp, this.clock()),
      durationSeconds: form.CallDuration === undefined ? undefined : Number(form.CallDuration),
    };
    const now = iso(this.clock());
    const decide = (current: CallRecord) => planVoiceEvent(current, event, now);

    const known = await this.findCall(accountId, callSid, target);
    if (known !== undefined) {
      await this.updateCall(accountId, known, decide);
      return;
    }
    // First sight of this call: build it with this event applied, unless it appeared meanwhile.
    const { call, customer } = await this.newCallFor(accountId, form, event, now);
    const firstChanges = planVoiceEvent(call, event, now) ?? {};
    const result = await this.store.calls.createIfAbsent({ ...call, ...firstChanges }, customer);
    if (!result.created) await this.updateCall(accountId, result.callId, decide);
  }

  /** Recording status callback: a completed recording's URL becomes the call's recordingUrl. */
  async voiceRecording(accountId: string, form: RecordingForm, target: CallbackTarget): Promise<void> {
    const callSid = form.CallSid;
    if ((form.RecordingStatus ?? 'completed') !== 'completed') return; // in-progress, absent, failed: nothing to show yet
    const url = form.RecordingUrl;
    if (url === undefined) throw errors.validation('body.RecordingUrl is required for a completed recording');
    const callId = callSid === undefined ? this.targetCallId(target) : await this.findCall(accountId, callSid, target);
    if (callId === undefined) throw errors.callNotFound();
    const now = iso(this.clock());
    await this.updateCall(accountId, callId, (current) => planCallUpdate(current, { recordingUrl: url }, now));
  }

  /** Incoming SMS / WhatsApp: a customer message on the customer's open thread of that channel. */
  async incomingMessage(accountId: string, form: IncomingMessageForm): Promise<void> {
    const sid = form.MessageSid;
    const rawFrom = form.From;
    const rawTo = form.To ?? '';
    const channel: Channel = /^whatsapp:/i.test(rawFrom) ? 'whatsapp' : 'sms';
    const customerPhone = normalizePhone(rawFrom.replace(/^whatsapp:/i, ''), 'From');
    if (customerPhone === '') throw errors.validation('body.From is required');
    const body = form.Body ?? '';
    const media = Number(form.NumMedia ?? 0) > 0 ? form.MediaUrl0 : undefined;

    const now = iso(this.clock());
    const agent = await this.agentFor(accountId, rawTo.replace(/^whatsapp:/i, ''));
    const message: MessageRecord = { sid, timestamp: now, sender: 'customer', content: body, mediaUrl: media ?? '', status: 'received' };
    const call = newCallRecord(accountId, now, {
      channel,
      direction: 'inbound',
      agentId: agent,
      skillId: '',
      customerId: '',
      status: 'open',
    });
    call.startedAt = now;
    const result = await this.store.messages.appendToOpenThread(call, newCustomer(accountId, customerPhone, now), message, {
      maxMessages: this.limits.maxMessagesPerCall,
      updatedAt: now,
    });
    if (result.kind === 'limit-reached') {
      throw new AppError('LIMIT_EXCEEDED', `A call holds at most ${this.limits.maxMessagesPerCall} messages`);
    }
  }

  /** Message status callback: moves the message's status forward (never back). */
  async messageStatus(accountId: string, form: MessageStatusForm, target: CallbackTarget): Promise<void> {
    const sid = form.MessageSid;
    const status = MESSAGE_STATUS[form.MessageStatus];
    let where: { callId: string; sid: string } | undefined;
    const callId = this.targetCallId(target);
    // A message we sent carries our own sid; its StatusCallback URL names it.
    if (callId !== undefined && target.sid !== undefined) where = { callId, sid: target.sid };
    else {
      const found = await this.store.messages.findBySid(accountId, sid);
      if (found) where = { callId: found.callId, sid };
    }
    if (!where) throw errors.messageNotFound();
    const result = await this.store.messages.updateStatus(
      accountId,
      where.callId,
      where.sid,
      status,
      canMoveMessageStatus,
      iso(this.clock()),
    );
    if (result.kind === 'missing') throw errors.messageNotFound();
  }

  // ---- helpers ----

  private targetCallId(target: CallbackTarget): string | undefined {
    if (target.callId === undefined) return undefined;
    if (!isUuid(target.callId)) throw errors.callNotFound();
    return target.callId.toLowerCase();
  }

  /** The call this CallSid names: the one carrying it, else the `?callId=` call (which then takes it). */
  private async findCall(accountId: string, callSid: string, target: CallbackTarget): Promise<string | undefined> {
    const bySid = await this.store.calls.findIdByProviderSid(accountId, callSid);
    if (bySid !== undefined) return bySid;
    const callId = this.targetCallId(target);
    if (callId === undefined) return undefined;
    if (!(await this.store.calls.get(accountId, callId))) throw errors.callNotFound();
    return callId;
  }

  private async updateCall(accountId: string, callId: string, decide: (current: CallRecord) => CallChanges | undefined) {
    try {
      const updated = await this.store.calls.update(accountId, callId, decide);
      if (!updated) throw errors.callNotFound();
    } catch (err) {
      // Two calls of ours claiming one CallSid (two `?callId=` URLs for one Twilio call).
      if (isUniqueViolation(err)) throw new AppError('PROVIDER_SID_CONFLICT', 'This CallSid already belongs to another call');
      throw err;
    }
  }

  private async newCallFor(accountId: string, form: VoiceStatusForm, event: VoiceEvent, now: string) {
    const inbound = !(form.Direction ?? 'inbound').startsWith('outbound');
    const from = phoneOrEmpty(form.From);
    const to = phoneOrEmpty(form.To);
    const [agentPhone, customerPhone] = inbound ? [to, from] : [from, to];
    const agentId = await this.agentFor(accountId, agentPhone);
    const call = newCallRecord(accountId, now, {
      channel: 'call',
      direction: inbound ? 'inbound' : 'outbound',
      agentId,
      skillId: '',
      customerId: '',
      status: 'queued',
    });
    call.providerCallSid = event.providerCallSid;
    return { call, customer: newCustomer(accountId, customerPhone, now) };
  }

  /** The agent answering on this number; '' when no agent has it (the call then shows no agent). */
  private async agentFor(accountId: string, rawPhone: string): Promise<string> {
    const phone = phoneOrEmpty(rawPhone);
    if (phone === '') return '';
    return (await this.store.agents.findByPhone(accountId, phone))?.id ?? '';
  }
}

function newCustomer(accountId: string, phone: string, now: string) {
  const create: CustomerRecord = {
    accountId,
    id: newId(),
    name: '',
    firstName: '',
    lastName: '',
    phone,
    email: '',
    language: '',
    customFields: [],
    createdAt: now,
    updatedAt: now,
  };
  return { matchPhone: phone, matchEmail: '', create };
}

/** A caller id as E.164, or '' for what is not a phone number (`client:…`, `sip:…`, `anonymous`). */
function phoneOrEmpty(value: string | undefined): string {
  if (value === undefined) return '';
  try {
    return normalizePhone(value, 'phone');
  } catch {
    return '';
  }
}

/** Twilio's Timestamp (RFC 2822, e.g. `Mon, 17 Mar 2025 14:30:00 +0000`) as canonical ISO; now when absent. */
function twilioTime(value: string | undefined, nowMs: number): string {
  if (value === undefined || value === '') return iso(nowMs);
  const ms = value.length <= 64 ? Date.parse(value) : NaN;
  if (Number.isNaN(ms) || ms < Date.UTC(2000, 0, 1) || ms >= Date.UTC(10000, 0, 1)) {
    throw errors.validation('body.Timestamp must be an RFC 2822 date, e.g. "Mon, 17 Mar 2025 14:30:00 +0000"');
  }
  return iso(ms);
}
