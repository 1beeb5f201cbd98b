/**
 * The process a kill-point run kills: `node --import tsx fault-driver.ts <op> <dataDir> <music>
 * [history.csv]`. It opens the real engine, prints `ready` as the operation starts, and for
 * playlist saves prints `save <json>` before and `ack <json>` after each one (the ack is the
 * acknowledgement a person or the app would get). It prints `done` when the operation ends.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Engine } from '../../src/main/engine/engine';
import { seededRandom } from '../integration/store-fixtures';

const [op, dataDir, music, history] = process.argv.slice(2);
if (op === undefined || dataDir === undefined || music === undefined) {
  throw new Error('usage: fault-driver <op> <dataDir> <music> [history.csv]');
}
const say = (line: string): void => void process.stdout.write(`${line}\n`);

const engine = await Engine.open({ dataDir, workers: 1 });
switch (op) {
  case 'scan':
    say('ready');
    await engine.scan([join(music, 'a'), join(music, 'b')]);
    break;
  case 'train-audio':
    say('ready');
    await engine.trainAudio({ epochs: 1 });
    break;
  case 'train-cf':
    say('ready');
    await engine.trainCf({ epochs: 3 });
    break;
  case 'import-history': {
    const text = await readFile(history ?? '', 'utf8');
    say('ready');
    await engine.importHistory({ text, fileName: 'scrobbles.csv', write: true });
    break;
  }
  case 'playlists': {
    const ids = (await engine.store.analysedTracks()).map((t) => t.id).sort();
    const random = seededRandom(Number(process.env.FAULT_SEED ?? 1));
    const playlists = engine.savedPlaylists();
    say('ready');
    for (let i = 0; ; i++) {
      const name = `Loop ${i % 5}`;
      const trackIds = ids.filter(() => random() < 0.6);
      say(`save ${JSON.stringify({ name, trackIds })}`);
      await playlists.save({ name, kind: 'manual', trackIds });
      say(`ack ${JSON.stringify({ name, trackIds })}`);
      if (i >= 400) break;
    }
    break;
  }
  default:
    throw new Error(`unknown op ${op}`);
}
await engine.close();
say('done');
