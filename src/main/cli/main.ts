import { Engine, NotFoundError } from '../engine/engine';
import { resolveDataDir } from '../engine/data-dir';
import { EventError } from '../engine/events/event-error';
import { LibraryError } from '../engine/library/library-error';
import { StoreError } from '../engine/store/library-store';
import { storageFault } from '../engine/store/storage-fault';
import { RecommendError } from '../engine/recommend/recommend-error';
import { evalAudioCommand, EVAL_AUDIO_OPTIONS } from './commands/eval-audio';
import { evalCfCommand } from './commands/eval-cf';
import { trainAudioCommand, TRAIN_AUDIO_OPTIONS } from './commands/train-audio';
import { trainCfCommand, TRAIN_CF_OPTIONS } from './commands/train-cf';
import { eventsCommand, EVENTS_OPTIONS } from './commands/events';
import { feedbackCommand, FEEDBACK_OPTIONS } from './commands/feedback';
import { importHistoryCommand, IMPORT_HISTORY_OPTIONS } from './commands/import-history';
import { checkFolders, SCAN_OPTIONS, scanCommand } from './commands/scan';
import { repairCommand } from './commands/repair';
import { serveCommand, SERVE_OPTIONS } from './commands/serve';
import { similarCommand } from './commands/similar';
import { mixesCommand, MIXES_OPTIONS } from './commands/mixes';
import { pathCommand, PATH_OPTIONS } from './commands/path';
import { playlistCommand, PLAYLIST_OPTIONS } from './commands/playlist';
import { radioCommand, RADIO_OPTIONS } from './commands/radio';
import { statusCommand } from './commands/status';
import { COMMON_OPTIONS, parseCommand, type CliIo } from './io';
import { assertNever } from '../../shared/assert-never';
import { HELP, UsageError } from './usage';

const COMMANDS = [
  'scan',
  'status',
  'similar',
  'events',
  'feedback',
  'import-history',
  'eval-cf',
  'train-audio',
  'train-cf',
  'eval-audio',
  'serve',
  'radio',
  'path',
  'mixes',
  'playlist',
  'repair',
] as const;

/** Every flag any command takes, so the engine's own can be read before the command runs. */
const ENGINE_OPTIONS = {
  ...COMMON_OPTIONS,
  ...SCAN_OPTIONS,
  ...EVENTS_OPTIONS,
  ...FEEDBACK_OPTIONS,
  ...IMPORT_HISTORY_OPTIONS,
  ...TRAIN_AUDIO_OPTIONS,
  ...TRAIN_CF_OPTIONS,
  ...EVAL_AUDIO_OPTIONS,
  ...SERVE_OPTIONS,
  ...RADIO_OPTIONS,
  ...PATH_OPTIONS,
  ...MIXES_OPTIONS,
  ...PLAYLIST_OPTIONS,
  n: { type: 'string', short: 'n' },
} as const;
type Command = (typeof COMMANDS)[number];

function isCommand(name: string | undefined): name is Command {
  return (COMMANDS as readonly string[]).includes(name ?? '');
}

/** Errors a person can fix; they get one line and exit code 2. */
function isUserError(error: unknown): error is Error {
  return (
    error instanceof UsageError ||
    error instanceof LibraryError ||
    error instanceof StoreError ||
    error instanceof NotFoundError ||
    error instanceof EventError ||
    error instanceof RecommendError
  );
}

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  signal: AbortSignal,
): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    io.stdout.write(`${HELP}\n`);
    return name === undefined ? 2 : 0;
  }
  let engine: Engine | null = null;
  try {
    if (!isCommand(name)) throw new UsageError(`unknown command "${name}" (try: deepcut --help)`);
    if (args.includes('-h') || args.includes('--help')) {
      io.stdout.write(`${HELP}\n`);
      return 0;
    }
    // eval-cf works on a data set, not on the library: no engine to open.
    if (name === 'eval-cf') return await evalCfCommand(args, io, signal);
    // eval-audio opens its own library for the corpus, never the person's.
    if (name === 'eval-audio') return await evalAudioCommand(args, io, signal);
    // serve runs the engine in a child process of its own (restarted if it dies).
    if (name === 'serve') return await serveCommand(args, io, signal);
    // repair opens its engine only once the damaged store has been moved aside.
    if (name === 'repair') return await repairCommand(args, io, signal);
    if (name === 'scan') await checkFolders(args);
    // Each command checks its own flags; the engine's are needed first, to open the library.
    const { data, ffmpeg } = parseCommand(args, ENGINE_OPTIONS).values;
    engine = await Engine.open({ dataDir: resolveDataDir(data), ffmpegPath: ffmpeg });
    switch (name) {
      case 'scan':
        return await scanCommand(engine, args, io, signal);
      case 'status':
        return await statusCommand(engine, args, io);
      case 'similar':
        return await similarCommand(engine, args, io);
      case 'events':
        return await eventsCommand(engine, args, io);
      case 'feedback':
        return await feedbackCommand(engine, args, io);
      case 'import-history':
        return await importHistoryCommand(engine, args, io);
      case 'train-audio':
        return await trainAudioCommand(engine, args, io, signal);
      case 'train-cf':
        return await trainCfCommand(engine, args, io, signal);
      case 'radio':
        return await radioCommand(engine, args, io);
      case 'path':
        return await pathCommand(engine, args, io);
      case 'mixes':
        return await mixesCommand(engine, args, io);
      case 'playlist':
        return await playlistCommand(engine, args, io);
      default:
        return assertNever(name);
    }
  } catch (error) {
    if (signal.aborted) {
      io.stderr.write(`deepcut: ${name} cancelled; finished work is kept\n`);
      return 130;
    }
    // A full, read-only or unwritable disk, whichever store's write met it.
    const fault = isUserError(error) ? null : storageFault(error, engine?.store.dataDir);
    if (fault !== null) {
      io.stderr.write(`deepcut: ${fault.message}\n`);
      return 2;
    }
    if (isUserError(error)) {
      io.stderr.write(`deepcut: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`deepcut: unexpected failure: ${message}\n`);
    if (process.env.DEEPCUT_DEBUG && error instanceof Error) io.stderr.write(`${error.stack}\n`);
    return 1;
  } finally {
    await engine?.close();
  }
}
