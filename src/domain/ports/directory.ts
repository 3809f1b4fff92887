/**
 * Port: the directory — agents, skills and customers, what a call's agentId, skillId and
 * customerId point at. The three are alike (create, read, replace, list in creation order), so
 * one repository shape serves all three.
 */
import type { AgentRecord, CustomerRecord, SkillRecord } from '../types.js';

export interface Page {
  offset: number;
  limit: number;
}

export interface DirectoryRepository<T, Filter = never> {
  create(record: T): Promise<void>;
  get(accountId: string, id: string): Promise<T | undefined>;
  /** Replaces the stored record with this one (same account and id). */
  update(record: T): Promise<void>;
  /** The account's records in creation order (then id), a page at a time. */
  list(accountId: string, page: Page, filter?: Filter): Promise<T[]>;
}

export interface AgentRepository extends DirectoryRepository<AgentRecord> {
  /** The account's oldest agent with this (E.164) phone number. */
  findByPhone(accountId: string, phone: string): Promise<AgentRecord | undefined>;
}

export type SkillRepository = DirectoryRepository<SkillRecord>;

/** Exact matches on the (normalised) phone and email. */
export interface CustomerFilter {
  phone?: string;
  email?: string;
}

export type CustomerRepository = DirectoryRepository<CustomerRecord, CustomerFilter>;
