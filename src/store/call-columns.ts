import type { CallChanges } from '../domain/types.js';

/**
 * The calls columns each CallChanges key writes, the same in every engine: the only column names
 * an update statement is ever built from.
 */
export const CHANGE_COLUMNS: Record<keyof CallChanges, string> = {
  status: 'status',
  agentId: 'agent_id',
  note: 'note',
  transcription: 'transcription',
  recordingUrl: 'recording_url',
  startedAt: 'started_at',
  answeredAt: 'answered_at',
  endedAt: 'ended_at',
  durationSeconds: 'duration_seconds',
  providerCallSid: 'provider_call_sid',
  updatedAt: 'updated_at',
};
