import { EVENT_ENDS, SOURCE_KINDS, type EventEnd, type SourceKind } from '../../../shared/events';
import type { Engine } from '../../engine/engine';
import { classify } from '../../engine/events/signals';
import { COMMON_OPTIONS, parseCommand, writeJson, type CliIo } from '../io';
import { UsageError } from '../usage';

export const EVENTS_OPTIONS = {
  ...COMMON_OPTIONS,
  track: { type: 'string' },
  'ms-played': { type: 'string' },
  'duration-ms': { type: 'string' },
  end: { type: 'string' },
  at: { type: 'string' },
  session: { type: 'string' },
  source: { type: 'string' },
  profile: { type: 'string' },
} as const;

function wholeMs(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`${flag} takes whole milliseconds, got "${value}"`);
  return n;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} is one of ${allowed.join('|')}, got "${value}"`);
}

/** `--source radio:<id>` or `--source library`. */
function parseSource(value: string | undefined): { kind: SourceKind; id?: string } {
  if (value === undefined) return { kind: 'library' };
  const [kind = '', ...id] = value.split(':');
  const parsed = oneOf(kind, SOURCE_KINDS, '--source');
  return id.length > 0 ? { kind: parsed, id: id.join(':') } : { kind: parsed };
}

/** `deepcut events add|import|list`: returns the exit code. */
export async function eventsCommand(
  engine: Engine,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseCommand(args, EVENTS_OPTIONS);
  const [verb, file, extra] = positionals;
  if (extra !== undefined)
    throw new UsageError(`events ${verb ?? ''} takes no argument "${extra}"`);
  const profile = values.profile;
  switch (verb) {
    case 'add': {
      if (file !== undefined) throw new UsageError(`events add takes flags only, got "${file}"`);
      if (!values.track) throw new UsageError('events add needs --track <path|id>');
      const msPlayed = wholeMs(values['ms-played'], '--ms-played');
      if (msPlayed === undefined) throw new UsageError('events add needs --ms-played N');
      const at = values.at ?? new Date().toISOString();
      const event = await engine.recordEvent({
        track: values.track,
        msPlayed,
        durationMs: wholeMs(values['duration-ms'], '--duration-ms'),
        end: oneOf<EventEnd>(values.end ?? 'finished', EVENT_ENDS, '--end'),
        startedAt: at,
        session: values.session,
        source: parseSource(values.source),
        profile,
      });
      if (values.json) writeJson(io, { ...event, signal: classify(event) });
      else
        io.stdout.write(
          `Recorded a ${classify(event)} of ${event.track} in session ${event.session}.\n`,
        );
      return 0;
    }
    case 'import': {
      if (!file) throw new UsageError('events import needs a file (one JSON event per line)');
      const { added, duplicates } = await engine.importEvents(file, profile);
      if (values.json) writeJson(io, { added: added.length, duplicates });
      else io.stdout.write(`Imported ${added.length} events (${duplicates} already in the log).\n`);
      return 0;
    }
    case 'list': {
      if (file !== undefined) throw new UsageError(`events list takes no argument "${file}"`);
      const { events, corrupt, torn } = await engine.eventLog(profile).readAll();
      const listed = events.map((e) => ({ ...e, signal: classify(e) }));
      if (values.json) {
        writeJson(io, listed);
      } else {
        for (const e of listed) {
          io.stdout.write(
            `${e.startedAt}  ${e.signal.padEnd(7)} ${e.end.padEnd(8)} ${Math.round(e.msPlayed / 1000)}/${Math.round(e.durationMs / 1000)} s  ${e.track}  ${e.session}\n`,
          );
        }
        if (listed.length === 0) io.stdout.write('No listening events yet.\n');
      }
      if (corrupt.length > 0 || torn) {
        io.stderr.write(
          `deepcut: skipped ${corrupt.length} damaged line(s)${torn ? ' and a line cut short by a crash' : ''} in the event log\n`,
        );
      }
      return 0;
    }
    default:
      throw new UsageError(`events needs add, import or list${verb ? `, got "${verb}"` : ''}`);
  }
}
