/**
 * Electron IPC channel names for the contract, agreed by the preload and main. Calls use the
 * contract's channel names as they are; each event travels on its own prefixed IPC channel so an
 * event can never be mistaken for a call. Pure TypeScript.
 */
import type { ApiEventName } from './api-contract';

const EVENT_PREFIX = 'deepcut-event:';

/** The IPC channel an API event is sent on. */
export function ipcEventChannel(event: ApiEventName): string {
  return `${EVENT_PREFIX}${event}`;
}
