/**
 * Argument checks against the contract's schemas, shared by Electron's main process (which checks
 * every call before relaying it) and the engine host (which checks again, for the web mode and
 * in depth). Plain TypeScript and zod: no electron.
 */
import { isChannel, type ApiResult, type ArgOf, type Channel } from '../../shared/api-contract';
import { CHANNEL_SCHEMAS } from '../../shared/api-schemas';
import { describeIssues } from '../../shared/events';
import { oneLine } from './one-line';

/** The parsed argument of `channel`, or the error to reply with. */
export function parseArg<C extends Channel>(channel: C, arg: unknown): ApiResult<ArgOf<C>>;
export function parseArg(channel: unknown, arg: unknown): ApiResult<unknown>;
export function parseArg(channel: unknown, arg: unknown): ApiResult<unknown> {
  if (!isChannel(channel)) {
    const name = typeof channel === 'string' ? channel.slice(0, 80) : typeof channel;
    return {
      ok: false,
      error: { code: 'unknown-channel', message: oneLine(`no such channel: ${name}`) },
    };
  }
  const parsed = CHANNEL_SCHEMAS[channel].safeParse(arg);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    error: { code: 'bad-request', message: oneLine(`${channel}: ${describeIssues(parsed.error)}`) },
  };
}
