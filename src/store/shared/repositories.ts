/**
 * The repositories whose SQL is the same on both engines, made once over an engine's runner.
 * Each engine's store extends this and adds its own: calls, messages, erasure, bulk transfer,
 * events, the webhook delivery queue.
 */
import type { CustomerRepository, SkillRepository } from '../../domain/ports/index.js';
import type { SqlRunner } from './sql.js';
import { SqlAccountRepository } from './accounts.js';
import { SqlAgentRepository, sqlCustomerRepository, sqlSkillRepository } from './directory.js';
import { SqlTwilioSettingsRepository } from './twilio-settings.js';
import { SqlRetentionRepository } from './retention.js';
import { SqlWebhookEndpointRepository } from './webhooks.js';

export abstract class SharedSqlRepositories {
  readonly accounts: SqlAccountRepository;
  readonly agents: SqlAgentRepository;
  readonly skills: SkillRepository;
  readonly customers: CustomerRepository;
  readonly twilio: SqlTwilioSettingsRepository;
  readonly retention: SqlRetentionRepository;
  readonly webhooks: SqlWebhookEndpointRepository;

  /**
   * `runner` runs them all; `quiet` (by default the same) runs the webhook endpoints and
   * deliveries, which no call shows: PostgreSQL's `runner` tells the call cache of each write.
   */
  protected constructor(runner: SqlRunner, quiet: SqlRunner = runner) {
    this.accounts = new SqlAccountRepository(runner);
    this.agents = new SqlAgentRepository(runner);
    this.skills = sqlSkillRepository(runner);
    this.customers = sqlCustomerRepository(runner);
    this.twilio = new SqlTwilioSettingsRepository(runner);
    this.retention = new SqlRetentionRepository(runner);
    this.webhooks = new SqlWebhookEndpointRepository(quiet);
  }
}
