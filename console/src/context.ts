/** What every page of a signed-in session shares: the API client and the account's agents. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from './api';
import type { Agent } from './types';

export interface Session {
  api: Api;
  /** The account's agents (names for the calls table and the agent filter); undefined while loading. */
  agents: Agent[] | undefined;
  refreshAgents: () => void;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in session');
  return session;
}

/** A one-shot message carried across a navigation (e.g. "The call was deleted."). */
let flash: string | undefined;
export function setFlash(message: string): void {
  flash = message;
}
export function takeFlash(): string | undefined {
  const message = flash;
  flash = undefined;
  return message;
}
