/**
 * The calls use cases: create, read, update and list interactions, and fill them with messages.
 * Knows its ports (./ports/) and the call cache, nothing of HTTP or of the engine behind them.
 */
import { createHash } from 'node:crypto';
import type { AgentRepository, CallListQuery, CallRepository, MessageRepository, SkillRepository } from './ports/index.js';
import type { CallChanges, CallRecord, MessageRecord } from './types.js';
import { ACTIVE_CALL_STATUSES, canMoveCallStatus, canMoveMessageStatus, isTerminal } from './statuses.js';
import { CALL_STATUSES, CHANNELS, type MessageStatus } from '../contract/vocabulary.js';
import type { AppendMessageInput, CreateCallInput, ListCallsInput, UpdateCallInput } from '../contract/calls.js';
import { DEFAULT_PAGE_SIZE, MAX_SEARCH_TERMS } from '../contract/limits.js';
import { AppError, errors } from './errors.js';
import { isUuid, newId, newMessageSid } from './ids.js';
import { isFullPhoneNumber, normalizeEmail, normalizePhone } from './contact.js';
import { canonicalInstant, iso, type Clock } from './clock.js';
import { toCallView, type ReadonlyCallView } from './views.js';
import type { CallCache, ServedCall } from './call-cache.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { stableStringify } from './stable-json.js';

/** Told about changes as they happen, after they are stored (e.g. to send an agent's message out). */
export interface CallsObserver {
  /** Must not throw or block: the request has its answer already. */
  messageAppended(accountId: string, callId: string, message: MessageRecord): void;
}

export interface CallsLimits {
  maxMessagesPerCall: number;
}

const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The repositories the calls use cases work with, and the cache Get Call and lists read through. */
export interface CallsPorts {
  calls: CallRepository;
  messages: MessageRepository;
  agents: AgentRepository;
  skills: SkillRepository;
  cache: CallCache;
}

export class CallsService {
  constructor(
    private readonly ports: CallsPorts,
    private readonly clock: Clock,
    private readonly limits: CallsLimits,
    private readonly observer?: CallsObserver,
  ) {}

  /** The call as served (its view and that view's JSON), from the cache when it is there. */
  async get(accountId: string, id: string): Promise<ServedCall> {
    if (!isUuid(id)) throw errors.callNotFound();
    const call = await this.ports.cache.get(accountId, id.toLowerCase(), this.clock());
    if (!call) throw errors.callNotFound();
    return call;
  }

  /** Creates a call; with an idempotency key answers the first response's bytes for 24 h. */
  async create(accountId: string, input: CreateCallInput, idempotencyKey?: string): Promise<{ body: string; replayed: boolean }> {
    const [agent, skill] = await Promise.all([
      this.ports.agents.get(accountId, input.agentId.toLowerCase()),
      this.ports.skills.get(accountId, input.skillId.toLowerCase()),
    ]);
    if (!agent) throw errors.unknownAgent();
    if (!skill) throw errors.unknownSkill();

    const now = this.clock();
    const nowIso = iso(now);
    const override = input.customerOverride ?? {};
    const phone = normalizePhone(
      override.phoneNumber ?? input.customerPhone,
      override.phoneNumber !== undefined ? 'customerOverride.phoneNumber' : 'customerPhone',
    );
    const email = normalizeEmail(override.email ?? input.customerEmail);
    const agentPhone = normalizePhone(input.agentOverride?.phoneNumber, 'agentOverride.phoneNumber');
    const customerId = newId();
    const call = newCallRecord(accountId, nowIso, {
      status: 'queued',
      channel: input.channel,
      direction: input.direction ?? 'outbound',
      agentId: agent.id,
      skillId: skill.id,
      customerId,
      agentPhoneOverride: agentPhone,
      agentEmailOverride: normalizeEmail(input.agentOverride?.email),
      note: input.note ?? '',
    });
    const claim =
      idempotencyKey === undefined
        ? undefined
        : { key: idempotencyKey, requestHash: hashRequest(input), notBefore: iso(now - IDEMPOTENCY_WINDOW_MS) };
    const result = await this.ports.calls.create(
      call,
      {
        matchPhone: phone,
        matchEmail: email,
        create: {
          accountId,
          id: customerId,
          name: input.customerName?.trim() ?? '',
          firstName: override.firstName ?? '',
          lastName: override.lastName ?? '',
          phone,
          email,
          language: override.language ?? '',
          customFields: override.customFields ?? [],
          createdAt: nowIso,
          updatedAt: nowIso,
        },
      },
      claim,
      (created) => JSON.stringify(toCallView(created, now)),
    );
    if (result.kind === 'idempotency-mismatch') throw errors.idempotencyReused();
    if (result.kind === 'replayed') return { body: result.responseBody, replayed: true };
    return { body: JSON.stringify(toCallView(result.call, now)), replayed: false };
  }

  async update(accountId: string, id: string, input: UpdateCallInput): Promise<ReadonlyCallView> {
    if (!isUuid(id)) throw errors.callNotFound();
    if (input.agentId !== undefined) {
      const agent = await this.ports.agents.get(accountId, input.agentId.toLowerCase());
      if (!agent) throw errors.unknownAgent();
    }
    const times = {
      startedAt: instantField(input.startedAt, 'startedAt'),
      answeredAt: instantField(input.answeredAt, 'answeredAt'),
      endedAt: instantField(input.endedAt, 'endedAt'),
    };
    const now = this.clock();
    const updated = await this.ports.calls.update(accountId, id.toLowerCase(), (current) =>
      planCallUpdate(current, { ...input, ...times, agentId: input.agentId?.toLowerCase() }, iso(now)),
    );
    if (!updated) throw errors.callNotFound();
    return toCallView(updated, now);
  }

  /** A page of calls as served, newest first, and the cursor of the next page when there is one. */
  async list(accountId: string, input: ListCallsInput): Promise<{ calls: ServedCall[]; nextCursor?: string }> {
    const now = this.clock();
    const query: CallListQuery = { accountId, limit: input.limit ?? DEFAULT_PAGE_SIZE };
    if (input.status) query.statuses = enumList(input.status, CALL_STATUSES, 'status');
    if (input.channel) query.channels = enumList(input.channel, CHANNELS, 'channel');
    const from: string[] = [];
    if (input.hrs !== undefined) from.push(iso(now - input.hrs * 3_600_000));
    if (input.dateFrom !== undefined) from.push(rangeBound(input.dateFrom, 'dateRange.from', 'start'));
    if (from.length > 0) query.createdFrom = from.sort().at(-1);
    if (input.dateTo !== undefined) query.createdTo = rangeBound(input.dateTo, 'dateRange.to', 'end');
    if (input.agentId !== undefined) query.agentId = uuidFilter(input.agentId, 'agentId');
    if (input.customerId !== undefined) query.customerId = uuidFilter(input.customerId, 'customerId');
    if (input.customerPhone !== undefined) {
      if (isFullPhoneNumber(input.customerPhone)) {
        query.customerPhone = normalizePhone(input.customerPhone, 'customerPhone');
      } else {
        const digits = input.customerPhone.replace(/\D/g, '');
        if (digits === '') throw errors.validation('customerPhone must contain digits');
        query.customerPhoneDigits = digits;
      }
    }
    if (input.q !== undefined) {
      const terms = searchTerms(input.q);
      if (terms.length === 0) return { calls: [] };
      query.terms = terms;
    }
    if (input.cursor !== undefined) query.after = decodeCursor(input.cursor);

    const { calls, more } = await this.ports.cache.list(query, now);
    const last = calls.at(-1)?.record;
    return more && last ? { calls, nextCursor: encodeCursor(last.createdAt, last.id) } : { calls };
  }

  async appendMessage(accountId: string, callId: string, input: AppendMessageInput): Promise<MessageRecord> {
    if (!isUuid(callId)) throw errors.callNotFound();
    const now = iso(this.clock());
    const timestamp = input.timestamp === undefined ? now : instantField(input.timestamp, 'timestamp');
    const message: MessageRecord = {
      sid: input.sid ?? newMessageSid(),
      timestamp,
      sender: input.sender,
      content: input.content,
      mediaUrl: input.mediaUrl ?? '',
      status: input.status ?? (input.sender === 'customer' ? 'received' : 'sent'),
    };
    const result = await this.ports.messages.append(accountId, callId.toLowerCase(), message, {
      maxMessages: this.limits.maxMessagesPerCall,
      updatedAt: now,
      newSid: input.sid === undefined,
    });
    switch (result.kind) {
      case 'appended':
        this.observer?.messageAppended(accountId, callId.toLowerCase(), result.message);
        return result.message;
      case 'call-missing':
        throw errors.callNotFound();
      case 'sid-exists':
        throw errors.messageSidConflict();
      case 'limit-reached':
        throw new AppError('LIMIT_EXCEEDED', `A call holds at most ${this.limits.maxMessagesPerCall} messages`);
    }
  }

  async updateMessageStatus(accountId: string, callId: string, sid: string, status: MessageStatus): Promise<MessageRecord> {
    if (!isUuid(callId)) throw errors.messageNotFound();
    const result = await this.ports.messages.updateStatus(
      accountId,
      callId.toLowerCase(),
      sid,
      status,
      canMoveMessageStatus,
      iso(this.clock()),
    );
    if (result.kind === 'missing') throw errors.messageNotFound();
    return result.message;
  }
}

/** A new call record: what is given, the rest empty or unknown, created and updated now. */
export function newCallRecord(
  accountId: string,
  nowIso: string,
  fields: Pick<CallRecord, 'status' | 'channel' | 'direction' | 'agentId' | 'skillId' | 'customerId'> &
    Partial<Pick<CallRecord, 'agentPhoneOverride' | 'agentEmailOverride' | 'note'>>,
): CallRecord {
  return {
    accountId,
    id: newId(),
    agentPhoneOverride: '',
    agentEmailOverride: '',
    note: '',
    ...fields,
    transcription: '',
    recordingUrl: '',
    createdAt: nowIso,
    updatedAt: nowIso,
    startedAt: null,
    answeredAt: null,
    endedAt: null,
    durationSeconds: null,
    providerCallSid: null,
    messageCount: 0,
  };
}

/**
 * What an update changes, given the call as it stands. Pure: the store calls it under its lock.
 * A status that would move the call backwards (a late update) is left out; a terminal call is
 * only left with `reopen`. Lifecycle timestamps the update implies are filled in when unknown.
 */
export function planCallUpdate(
  current: CallRecord,
  input: Omit<UpdateCallInput, 'startedAt' | 'answeredAt' | 'endedAt'> & {
    startedAt?: string;
    answeredAt?: string;
    endedAt?: string;
  },
  nowIso: string,
): CallChanges | undefined {
  const changes: CallChanges = {};
  if (input.note !== undefined && input.note !== current.note) changes.note = input.note;
  if (input.agentId !== undefined && input.agentId !== current.agentId) changes.agentId = input.agentId;
  if (input.transcription !== undefined && input.transcription !== current.transcription) {
    changes.transcription = input.transcription;
  }
  if (input.recordingUrl !== undefined && input.recordingUrl !== current.recordingUrl) {
    changes.recordingUrl = input.recordingUrl;
  }
  if (input.status !== undefined && canMoveCallStatus(current.status, input.status, input.reopen === true)) {
    const next = input.status;
    changes.status = next;
    const reopening = isTerminal(current.status) && !isTerminal(next);
    if (reopening) changes.endedAt = null;
    if (next !== 'queued' && next !== 'pending' && current.startedAt === null) changes.startedAt = nowIso;
    // Reaching a live status means someone answered: the talk-time clock starts.
    if (ACTIVE_CALL_STATUSES.has(next) && current.answeredAt === null) changes.answeredAt = nowIso;
    if (isTerminal(next) && current.endedAt === null) changes.endedAt = nowIso;
  }
  if (input.startedAt !== undefined) changes.startedAt = input.startedAt;
  if (input.answeredAt !== undefined) changes.answeredAt = input.answeredAt;
  if (input.endedAt !== undefined) changes.endedAt = input.endedAt;
  if ('startedAt' in changes && changes.startedAt === current.startedAt) delete changes.startedAt;
  if ('answeredAt' in changes && changes.answeredAt === current.answeredAt) delete changes.answeredAt;
  if ('endedAt' in changes && changes.endedAt === current.endedAt) delete changes.endedAt;
  if (Object.keys(changes).length === 0) return undefined;
  changes.updatedAt = nowIso;
  return changes;
}

function instantField(value: string, field: string): string;
function instantField(value: string | undefined, field: string): string | undefined;
function instantField(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  const canonical = canonicalInstant(value);
  if (canonical === undefined) throw errors.validation(`${field} must be an ISO-8601 date-time`);
  return canonical;
}

function rangeBound(value: string, field: string, side: 'start' | 'end'): string {
  const canonical = instantField(value, field);
  // A bare date as the upper bound means "through the end of that day".
  if (side === 'end' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return iso(Date.parse(canonical) + 86_399_999);
  return canonical;
}

function uuidFilter(value: string, field: string): string {
  if (!isUuid(value)) throw errors.validation(`${field} must be a UUID`);
  return value.toLowerCase();
}

/** Repeated and/or comma-separated values of a query parameter, each one of `allowed` (400 naming the field otherwise). */
export function enumList<T extends string>(values: readonly string[], allowed: readonly T[], field: string): T[] {
  const out = new Set<T>();
  for (const raw of values) {
    for (const part of raw.split(',')) {
      const v = part.trim();
      if (v === '') continue;
      if (!(allowed as readonly string[]).includes(v)) {
        throw errors.validation(`${field} must be one of: ${allowed.join(', ')}`);
      }
      out.add(v as T);
    }
  }
  if (out.size === 0) throw errors.validation(`${field} must not be empty`);
  return [...out];
}

/** Words of a search text: letters and digits, lower-cased; quotes and operators carry no meaning. */
export function searchTerms(q: string): string[] {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, MAX_SEARCH_TERMS);
}

function hashRequest(input: CreateCallInput): string {
  return createHash('sha256').update(stableStringify(input)).digest('hex');
}
