/** Port: messages and threads. Each write runs in one engine transaction with the call it changes. */
import type { CallRecord, MessageRecord } from '../types.js';
import type { MessageStatus } from '../../contract/vocabulary.js';
import type { CustomerResolution } from '../customer-match.js';

export interface AppendOptions {
  maxMessages: number;
  /** The call's new updatedAt. */
  updatedAt: string;
  /**
   * The sid was made for this message (`newMessageSid`), so no earlier message can hold it and a
   * store may skip looking for one (its unique index still refuses a duplicate).
   */
  newSid?: boolean;
}

export type AppendMessageResult =
  | { kind: 'appended'; message: MessageRecord }
  | { kind: 'call-missing' }
  | { kind: 'sid-exists'; message: MessageRecord }
  | { kind: 'limit-reached' };

export type MessageStatusResult = { kind: 'ok'; message: MessageRecord; changed: boolean } | { kind: 'missing' };

export type ThreadAppendResult =
  | { kind: 'appended'; callId: string; createdCall: boolean }
  /** A message with this sid is already in the account: nothing was written. */
  | { kind: 'duplicate'; callId: string }
  | { kind: 'limit-reached'; callId: string };

export interface MessageRepository {
  /** Appends a message unless the call is missing, the sid is taken on it or the call is full (see planMessageAppend). */
  append(accountId: string, callId: string, message: MessageRecord, options: AppendOptions): Promise<AppendMessageResult>;
  /** Moves a message's status when `canMove(current, next)` allows it. */
  updateStatus(
    accountId: string,
    callId: string,
    sid: string,
    status: MessageStatus,
    canMove: (from: MessageStatus, to: MessageStatus) => boolean,
    updatedAt: string,
  ): Promise<MessageStatusResult>;
  /**
   * Appends an inbound message to the customer's open thread on the call's channel (see
   * chooseOpenThread), creating the customer and/or `newCall` when there is none. Atomic, and a
   * sid already present in the account writes nothing.
   */
  appendToOpenThread(
    newCall: CallRecord,
    customer: CustomerResolution,
    message: MessageRecord,
    options: AppendOptions,
  ): Promise<ThreadAppendResult>;
  /** A message by its sid anywhere in the account (provider sids are unique per account). */
  findBySid(accountId: string, sid: string): Promise<{ callId: string; message: MessageRecord } | undefined>;
}
