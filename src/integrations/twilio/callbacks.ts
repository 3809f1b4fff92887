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
import type { FormParams } from './signature.js';
import { isValidSignature } from './signature.js';
import type { TwilioSettingsService } from './settings.js';

/** Twilio CallStatus → ours. `initiated` is still waiting (queued) but marks when dialling started. */
const CALL_STATUS: Record<string, CallStatus> = {
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
const MESSAGE_STATUS: Record<string, MessageStatus> = {
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

const CALL_SID_RE = /^CA[0-9a-fA-F]{32}$/;
const MESSAGE_SID_RE = /^[A-Z]{2}[0-9a-fA-F]{32}$/;
const MAX_TEXT = 100_000;

export type RefusalReason = 'no-signature' | 'no-account-sid' | 'unknown-account' | 'bad-signature';

/** Where a callback URL points, beyond its path: `?callId=` ties it to a call made through the API. */
export interface CallbackTarget {
  callId?: string;
  /** Our sid of an outbound message (set by the outbound sender on its StatusCallback URL). */
  sid?: string;
}

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
  async authenticate(
    params: FormParams,
    signature: string | undefined,
    url: string,
  ): Promise<{ accountId: string } | { refused: RefusalReason }> {
    const accountSid = params.AccountSid;
    if (typeof signature !== 'string' || signature === '' || signature.length > 128) return { refused: 'no-signature' };
    if (typeof accountSid !== 'string') return { refused: 'no-account-sid' };
    const credentials = await this.settings.credentialsForTwilioAccount(accountSid);
    if (!credentials) return { refused: 'unknown-account' };
    if (!isValidSignature(credentials.authToken, signature, url, params)) return { refused: 'bad-signature' };
    return { accountId: credentials.accountId };
  }

  /** Voice status callback: creates the call on first sight, then moves it. */
  async voiceStatus(accountId: string, params: FormParams, target: CallbackTarget): Promise<void> {
    const callSid = required(params, 'CallSid', CALL_SID_RE, 'a Twilio CallSid (CA + 32 hex)');
    const rawStatus = required(params, 'CallStatus');
    const status = ownEntry(CALL_STATUS, rawStatus);
    if (status === undefined) throw errors.validation(`CallStatus must be one of: ${Object.keys(CALL_STATUS).join(', ')}`);
    const event: VoiceEvent = {
      providerCallSid: callSid,
      status,
      initiated: rawStatus === 'initiated',
      at: twilioTime(optional(params, 'Timestamp'), this.clock()),
      durationSeconds: seconds(optional(params, 'CallDuration'), 'CallDuration'),
    };
    const now = iso(this.clock());
    const decide = (current: CallRecord) => planVoiceEvent(current, event, now);

    const known = await this.findCall(accountId, callSid, target);
    if (known !== undefined) {
      await this.updateCall(accountId, known, decide);
      return;
    }
    // First sight of this call: build it with this event applied, unless it appeared meanwhile.
    const { call, customer } = await this.newCallFor(accountId, params, event, now);
    const firstChanges = planVoiceEvent(call, event, now) ?? {};
    const result = await this.store.calls.createIfAbsent({ ...call, ...firstChanges }, customer);
    if (!result.created) await this.updateCall(accountId, result.callId, decide);
  }

  /** Recording status callback: a completed recording's URL becomes the call's recordingUrl. */
  async voiceRecording(accountId: string, params: FormParams, target: CallbackTarget): Promise<void> {
    const callSid = optional(params, 'CallSid');
    if (callSid !== undefined && !CALL_SID_RE.test(callSid)) throw errors.validation('CallSid must be a Twilio CallSid (CA + 32 hex)');
    const recordingStatus = optional(params, 'RecordingStatus') ?? 'completed';
    if (recordingStatus !== 'completed') return; // in-progress, absent, failed: nothing to show yet
    const url = required(params, 'RecordingUrl');
    if (!/^https?:\/\/\S+$/i.test(url) || url.length > 2000) throw errors.validation('RecordingUrl must be an http(s) URL');
    const callId = callSid === undefined ? this.targetCallId(target) : await this.findCall(accountId, callSid, target);
    if (callId === undefined) throw errors.callNotFound();
    const now = iso(this.clock());
    await this.updateCall(accountId, callId, (current) => planCallUpdate(current, { recordingUrl: url }, now));
  }

  /** Incoming SMS / WhatsApp: a customer message on the customer's open thread of that channel. */
  async incomingMessage(accountId: string, params: FormParams): Promise<void> {
    const sid = required(params, 'MessageSid', MESSAGE_SID_RE, 'a Twilio message sid (SM/MM + 32 hex)');
    const rawFrom = required(params, 'From');
    const rawTo = optional(params, 'To') ?? '';
    const channel: Channel = /^whatsapp:/i.test(rawFrom) ? 'whatsapp' : 'sms';
    const customerPhone = normalizePhone(rawFrom.replace(/^whatsapp:/i, ''), 'From');
    if (customerPhone === '') throw errors.validation('From is required');
    const body = optional(params, 'Body') ?? '';
    if (body.length > MAX_TEXT) throw errors.validation(`Body must be at most ${MAX_TEXT} characters`);
    const mediaCount = seconds(optional(params, 'NumMedia'), 'NumMedia') ?? 0;
    const media = mediaCount > 0 ? optional(params, 'MediaUrl0') : undefined;
    if (media !== undefined && (!/^https?:\/\/\S+$/i.test(media) || media.length > 2000))
      throw errors.validation('MediaUrl0 must be an http(s) URL');

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
  async messageStatus(accountId: string, params: FormParams, target: CallbackTarget): Promise<void> {
    const sid = required(params, 'MessageSid', MESSAGE_SID_RE, 'a Twilio message sid (SM/MM + 32 hex)');
    const raw = required(params, 'MessageStatus');
    const status = ownEntry(MESSAGE_STATUS, raw);
    if (status === undefined) throw errors.validation(`MessageStatus must be one of: ${Object.keys(MESSAGE_STATUS).join(', ')}`);
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

  private async newCallFor(accountId: string, params: FormParams, event: VoiceEvent, now: string) {
    const inbound = !(optional(params, 'Direction') ?? 'inbound').startsWith('outbound');
    const from = phoneOrEmpty(optional(params, 'From'));
    const to = phoneOrEmpty(optional(params, 'To'));
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

/** The table's own entry for a key Twilio sent; never an inherited one ("constructor", "__proto__"). */
function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function optional(params: FormParams, name: string): string | undefined {
  const value = ownEntry(params, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw errors.validation(`${name} must be given once`);
  return value;
}

function required(params: FormParams, name: string, pattern?: RegExp, what?: string): string {
  const value = optional(params, name);
  if (value === undefined || value === '') throw errors.validation(`${name} is required`);
  if (pattern && !pattern.test(value)) throw errors.validation(`${name} must be ${what}`);
  return value;
}

/** A non-negative whole number of seconds (or count), as Twilio sends it. */
function seconds(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,9}$/.test(value)) throw errors.validation(`${name} must be a whole number`);
  return Number(value);
}

/** Twilio's Timestamp (RFC 2822, e.g. `Mon, 17 Mar 2025 14:30:00 +0000`) as canonical ISO; now when absent. */
function twilioTime(value: string | undefined, nowMs: number): string {
  if (value === undefined || value === '') return iso(nowMs);
  const ms = value.length <= 64 ? Date.parse(value) : NaN;
  if (Number.isNaN(ms) || ms < Date.UTC(2000, 0, 1) || ms >= Date.UTC(10000, 0, 1)) {
    throw errors.validation('Timestamp must be an RFC 2822 date, e.g. "Mon, 17 Mar 2025 14:30:00 +0000"');
  }
  return iso(ms);
}
