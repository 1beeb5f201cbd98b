/**
 * Caches the MusiCNN teacher's embeddings of every track of the corpora (audio only: labels are
 * not read), for scripts/train-default.ts. Resumable: tracks already cached are skipped, so a
 * killed run loses at most one track. Two processes can share the work with --shard 0/2, 1/2.
 *
 *   node --import tsx scripts/teacher/cache-targets.ts <corpus>… [--work DIR] [--targets DIR]
 *        [--teacher DIR] [--shard i/n]
 */
import { parseArgs } from 'node:util';
import { planExcerpts } from '../../src/main/engine/audio/excerpts';
import { initBackend } from '../../src/main/engine/embed/backend';
import { disposeMusicnn, loadMusicnn } from '../../src/main/engine/train/teacher/musicnn-net';
import {
  computeTargets,
  readTargets,
  writeTargets,
} from '../../src/main/engine/train/teacher/teacher-targets';
import {
  DEFAULT_TEACHER_DIR,
  DEFAULT_WORK_DIR,
  defaultTargetsDir,
  scanCorpora,
} from './corpus-library';

const { values, positionals } = parseArgs({
  options: {
    work: { type: 'string' },
    targets: { type: 'string' },
    teacher: { type: 'string' },
    shard: { type: 'string' },
  },
  allowPositionals: true,
});
if (positionals.length === 0) {
  console.error('usage: cache-targets.ts <corpus>… [--work DIR] [--targets DIR] [--shard i/n]');
  process.exit(2);
}
const work = values.work ?? DEFAULT_WORK_DIR;
const targetsDir = values.targets ?? defaultTargetsDir(work);
const [shard, shards] = (values.shard ?? '0/1').split('/').map(Number) as [number, number];

const { tracks } = await scanCorpora(positionals, work);
const backend = await initBackend();
const net = await loadMusicnn(values.teacher ?? DEFAULT_TEACHER_DIR);
const mine = tracks.filter((_, i) => i % shards === shard);
const todo = [];
for (const t of mine) {
  if ((await readTargets(targetsDir, t.id, planExcerpts(t.durationSec))) === null) todo.push(t);
}
console.error(
  `teacher targets → ${targetsDir}: ${mine.length - todo.length} of ${mine.length} cached, ` +
    `${todo.length} to compute (backend ${backend.name})`,
);
const started = performance.now();
let failed = 0;
for (const [i, t] of todo.entries()) {
  try {
    await writeTargets(
      targetsDir,
      await computeTargets(net, t.id, t.path, planExcerpts(t.durationSec)),
    );
  } catch (error) {
    failed++;
    console.error(`  ${t.path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const perTrack = (performance.now() - started) / 1000 / (i + 1);
  if ((i + 1) % 10 === 0 || i + 1 === todo.length) {
    console.error(
      `${i + 1}/${todo.length} tracks, ${perTrack.toFixed(2)} s a track, ` +
        `about ${Math.round((perTrack * (todo.length - i - 1)) / 60)} min left`,
    );
  }
}
disposeMusicnn(net);
console.error(`done: ${todo.length - failed} computed, ${failed} failed`);
