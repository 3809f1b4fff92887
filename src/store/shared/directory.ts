/**
 * Agents, skills and customers: one repository over a table description, single statements the
 * same on both engines.
 */
import type { AgentRecord, CustomerRecord, SkillRecord } from '../../domain/types.js';
import type {
  AgentRepository,
  CustomerFilter,
  CustomerRepository,
  DirectoryRepository,
  Page,
  SkillRepository,
} from '../../domain/ports/index.js';
import { sql, type Row, type Sql, type SqlRunner, type SqlValue } from './sql.js';
import { AGENT_COLUMNS, CUSTOMER_COLUMNS, INSERT_AGENT, INSERT_CUSTOMER, INSERT_SKILL, SKILL_COLUMNS } from './statements.js';
import { agentFrom, customerFrom, skillFrom } from './mappers.js';

/** How one directory table is written and read. */
interface DirectoryTable<T, Filter> {
  insert: Sql;
  insertValues: (record: T) => SqlValue[];
  update: Sql;
  updateValues: (record: T) => SqlValue[];
  get: Sql;
  fromRow: (row: Row) => T;
  /** The list statement for a filter, taking (accountId, …filter values, limit, offset), and those filter values. */
  list(filter: Filter | undefined): { statement: Sql; values: SqlValue[] };
}

export class SqlDirectoryRepository<T, Filter = never> implements DirectoryRepository<T, Filter> {
  constructor(
    protected readonly db: SqlRunner,
    private readonly table: DirectoryTable<T, Filter>,
  ) {}

  async create(record: T): Promise<void> {
    await this.db.run(this.table.insert, this.table.insertValues(record));
  }

  async get(accountId: string, id: string): Promise<T | undefined> {
    const row = await this.db.one(this.table.get, [accountId, id]);
    return row && this.table.fromRow(row);
  }

  async update(record: T): Promise<void> {
    await this.db.run(this.table.update, this.table.updateValues(record));
  }

  async list(accountId: string, page: Page, filter?: Filter): Promise<T[]> {
    const { statement, values } = this.table.list(filter);
    return (await this.db.all(statement, [accountId, ...values, page.limit, page.offset])).map(this.table.fromRow);
  }
}

const listed = (columns: string, table: string, where = '') =>
  sql(`SELECT ${columns} FROM ${table} WHERE account_id = ?${where} ORDER BY created_at, id LIMIT ? OFFSET ?`);

const AGENT_LIST = listed(AGENT_COLUMNS, 'agents');
const AGENTS: DirectoryTable<AgentRecord, never> = {
  insert: INSERT_AGENT,
  insertValues: (a) => [
    a.accountId,
    a.id,
    a.name,
    a.lastname,
    a.email,
    a.phone,
    a.agentType,
    a.language,
    JSON.stringify(a.settings),
    a.createdAt,
    a.updatedAt,
  ],
  update: sql(`UPDATE agents SET name = ?, lastname = ?, email = ?, phone = ?, agent_type = ?, language = ?, settings = ?, updated_at = ?
    WHERE account_id = ? AND id = ?`),
  updateValues: (a) => [
    a.name,
    a.lastname,
    a.email,
    a.phone,
    a.agentType,
    a.language,
    JSON.stringify(a.settings),
    a.updatedAt,
    a.accountId,
    a.id,
  ],
  get: sql(`SELECT ${AGENT_COLUMNS} FROM agents WHERE account_id = ? AND id = ?`),
  fromRow: agentFrom,
  list: () => ({ statement: AGENT_LIST, values: [] }),
};
const AGENT_BY_PHONE = sql(`SELECT ${AGENT_COLUMNS} FROM agents WHERE account_id = ? AND phone = ? ORDER BY created_at, id LIMIT 1`);

export class SqlAgentRepository extends SqlDirectoryRepository<AgentRecord> implements AgentRepository {
  constructor(db: SqlRunner) {
    super(db, AGENTS);
  }

  async findByPhone(accountId: string, phone: string): Promise<AgentRecord | undefined> {
    const row = await this.db.one(AGENT_BY_PHONE, [accountId, phone]);
    return row && agentFrom(row);
  }
}

const SKILL_LIST = listed(SKILL_COLUMNS, 'skills');
const SKILLS: DirectoryTable<SkillRecord, never> = {
  insert: INSERT_SKILL,
  insertValues: (s) => [s.accountId, s.id, s.name, s.description, s.language, s.active, s.createdAt, s.updatedAt],
  update: sql('UPDATE skills SET name = ?, description = ?, language = ?, active = ?, updated_at = ? WHERE account_id = ? AND id = ?'),
  updateValues: (s) => [s.name, s.description, s.language, s.active, s.updatedAt, s.accountId, s.id],
  get: sql(`SELECT ${SKILL_COLUMNS} FROM skills WHERE account_id = ? AND id = ?`),
  fromRow: skillFrom,
  list: () => ({ statement: SKILL_LIST, values: [] }),
};

export function sqlSkillRepository(db: SqlRunner): SkillRepository {
  return new SqlDirectoryRepository(db, SKILLS);
}

/** One statement per combination of filters (none, phone, email, both). */
const CUSTOMER_LISTS = {
  none: listed(CUSTOMER_COLUMNS, 'customers'),
  phone: listed(CUSTOMER_COLUMNS, 'customers', ' AND phone = ?'),
  email: listed(CUSTOMER_COLUMNS, 'customers', ' AND email = ?'),
  both: listed(CUSTOMER_COLUMNS, 'customers', ' AND phone = ? AND email = ?'),
};
const CUSTOMERS: DirectoryTable<CustomerRecord, CustomerFilter> = {
  insert: INSERT_CUSTOMER,
  insertValues: customerInsertValues,
  update:
    sql(`UPDATE customers SET name = ?, first_name = ?, last_name = ?, phone = ?, email = ?, language = ?, custom_fields = ?, updated_at = ?
    WHERE account_id = ? AND id = ?`),
  updateValues: (c) => [
    c.name,
    c.firstName,
    c.lastName,
    c.phone,
    c.email,
    c.language,
    JSON.stringify(c.customFields),
    c.updatedAt,
    c.accountId,
    c.id,
  ],
  get: sql(`SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE account_id = ? AND id = ?`),
  fromRow: customerFrom,
  list: ({ phone, email } = {}) => {
    if (phone !== undefined && email !== undefined) return { statement: CUSTOMER_LISTS.both, values: [phone, email] };
    if (phone !== undefined) return { statement: CUSTOMER_LISTS.phone, values: [phone] };
    if (email !== undefined) return { statement: CUSTOMER_LISTS.email, values: [email] };
    return { statement: CUSTOMER_LISTS.none, values: [] };
  },
};

/** INSERT_CUSTOMER's values (also used inside the engines' call-creating transactions). */
export function customerInsertValues(c: CustomerRecord): SqlValue[] {
  return [
    c.accountId,
    c.id,
    c.name,
    c.firstName,
    c.lastName,
    c.phone,
    c.email,
    c.language,
    JSON.stringify(c.customFields),
    c.createdAt,
    c.updatedAt,
  ];
}

export function sqlCustomerRepository(db: SqlRunner): CustomerRepository {
  return new SqlDirectoryRepository(db, CUSTOMERS);
}
