/**
 * A child process for the event-log durability tests:
 * `node --import tsx tests/helpers/event-writer.ts <dataDir> <first> <count> [feedback]`.
 * Appends events numbered first, first + 1, … (the number is the event's msPlayed and its
 * track id) and prints each number on stdout right after its append resolved, that is once the
 * log acknowledged it. With `feedback`, each odd number is a ban of that track instead of an
 * event. A parent may SIGKILL it at any moment.
 */
import { EventLog } from '../../src/main/engine/events/event-log';
import { makeEvent, minutesAfterT0, trackId } from './events';

const [dataDir, firstArg, countArg, mode] = process.argv.slice(2);
if (dataDir === undefined || firstArg === undefined || countArg === undefined) {
  throw new Error('usage: event-writer.ts <dataDir> <first> <count>');
}
const first = Number(firstArg);
const log = new EventLog({ dataDir });
for (let n = first; n < first + Number(countArg); n++) {
  if (mode === 'feedback' && n % 2 === 1) {
    await log.setFeedback({ target: { kind: 'track', id: trackId(n) }, value: 'ban' });
    process.stdout.write(`${n}\n`);
    continue;
  }
  await log.append(
    makeEvent({
      track: trackId(n),
      session: `writer-${process.pid}`,
      startedAt: minutesAfterT0(n),
      msPlayed: n,
    }),
  );
  // Printed only after the acknowledgement: a number the parent sees was acknowledged first.
  process.stdout.write(`${n}\n`);
}
await log.close();
