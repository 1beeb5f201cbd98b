/**
 * A worker process that does everything a scan does with one audio file: its tags and duration,
 * its artwork (embedded, else the folder's image) as cached thumbnails, its excerpts decoded
 * (ffmpeg, in its own process), their log-mel with Meyda (encoded for the mel cache, and
 * written there when asked) and their loudness. Two of these keep both cores busy while the
 * engine embeds and writes the store; each stage is announced so the pool can hold it to its
 * bound (analysis-bounds.ts).
 */
import { stat } from 'node:fs/promises';
import { decodeExcerpts } from '../audio/decode';
import { planExcerpts } from '../audio/excerpts';
import { measureDecodedLoudness } from '../audio/loudness';
import { encodeMel, excerptFrameCounts, MelCache } from '../audio/mel-cache';
import { computeExcerptsLogMel } from '../audio/mel';
import { SAMPLE_RATE } from '../audio/params';
import { makeThumbnail } from '../audio/thumbnail';
import { makeArtwork } from '../library/artwork-cache';
import { FolderArt } from '../library/folder-art';
import { readMetadata, type EmbeddedPicture, type FileTags } from '../library/tags';
import { withinBound } from './analysis-bounds';
import type {
  AnalysisReply,
  AnalysisRequest,
  AnalysisStage,
  StageTimes,
  WorkerMessage,
  WorkerRequest,
} from './analysis-protocol';

const send = process.send?.bind(process);
if (!send) throw new Error('analysis-worker must run as a forked process');
const post = (message: WorkerMessage): void => void send(message);

const running = new Map<number, AbortController>();
const folderArt = new FolderArt();
// One per data folder, so its record of folders already made outlives a request.
const melCaches = new Map<string, MelCache>();

process.on('message', (message: WorkerRequest) => {
  if (message.type === 'cancel') {
    running.get(message.seq)?.abort();
    return;
  }
  void analyse(message).then(post);
});
// Never outlive the engine: a killed engine closes the channel.
process.on('disconnect', () => process.exit(0));
// From now on a job's wait for its first stage is the worker's, not its start-up's.
send({ type: 'ready' });

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

type Times = { -readonly [K in keyof StageTimes]: StageTimes[K] };

async function analyse(request: AnalysisRequest): Promise<AnalysisReply> {
  const { seq, path } = request;
  const controller = new AbortController();
  running.set(seq, controller);
  const times: Times = { tagsMs: 0, artworkMs: 0, decodeMs: 0, melMs: 0, loudnessMs: 0 };
  const timed = async <T>(clock: keyof Times, work: () => Promise<T> | T): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      times[clock] += performance.now() - started;
    }
  };
  const enter = (stage: AnalysisStage): void => post({ type: 'stage', seq, stage });
  let tags: FileTags | null = null;
  let tagsError: string | null = null;
  let artwork: string | null = null;
  let artworkError: string | null = null;
  const facts = () => ({ tags, tagsError, artwork, artworkError, times: { ...times } });
  try {
    let picture: EmbeddedPicture | null = null;
    let channels: number | null = null;
    if (request.durationSec === undefined) {
      enter('tags');
      try {
        const read = await timed('tagsMs', () =>
          withinBound('tags', request.boundsMs.tags, readMetadata(path)),
        );
        tags = read.tags;
        picture = read.picture;
        channels = read.channels;
      } catch (error) {
        tagsError = messageOf(error);
        // An empty file has nothing to decode; any other tag failure may still be playable
        // audio (a misnamed file, a damaged tag), so ffmpeg gets the last word.
        const empty = await stat(path).then(
          (s) => s.size === 0,
          () => false,
        );
        if (empty) return { type: 'failed', seq, reason: tagsError, ...facts() };
      }
    }
    const artworkDir = request.artworkDataDir;
    if (artworkDir !== null) {
      enter('artwork');
      const made = await timed('artworkMs', () =>
        withinBound(
          'artwork',
          request.boundsMs.artwork,
          artworkOf(artworkDir, path, picture),
        ).catch((error: unknown) => ({ key: null, error: messageOf(error) })),
      );
      artwork = made.key;
      artworkError = made.error;
    }
    picture = null;

    enter('decode');
    const durationSec = request.durationSec !== undefined ? request.durationSec : tags?.durationSec;
    const decoded = await timed('decodeMs', () =>
      decodeExcerpts(path, planExcerpts(durationSec ?? null), {
        ffmpegPath: request.ffmpegPath ?? undefined,
        timeoutMs: request.boundsMs.decode,
        signal: controller.signal,
      }),
    );

    enter('analysis');
    const mel = await timed('melMs', () =>
      computeExcerptsLogMel(decoded.samples, decoded.segmentLengths),
    );
    if (mel.frames === 0) throw new Error('no audio decoded: the file is shorter than one frame');
    const excerptFrames = excerptFrameCounts(decoded.segmentLengths);
    const melBytes = encodeMel({ ...mel, excerptFrames });
    const loudness = request.loudness
      ? await timed('loudnessMs', () => measureDecodedLoudness(decoded, channels, SAMPLE_RATE))
      : null;
    if (request.melCache !== null) {
      const { dataDir, trackId } = request.melCache;
      let cache = melCaches.get(dataDir);
      if (cache === undefined) melCaches.set(dataDir, (cache = new MelCache(dataDir)));
      await cache.writeEncoded(trackId, melBytes);
    }
    return {
      type: 'analysed',
      seq,
      frames: mel.frames,
      bands: mel.bands,
      excerptFrames,
      melBytes,
      thumbnail: makeThumbnail(mel),
      loudness,
      ...facts(),
    };
  } catch (error) {
    return { type: 'failed', seq, reason: messageOf(error), ...facts() };
  } finally {
    running.delete(seq);
  }
}

/**
 * Thumbnails from the file's own picture, else from its folder's image. A picture that cannot
 * be used is reported, and the folder's image is tried instead.
 */
async function artworkOf(
  dataDir: string,
  path: string,
  embedded: EmbeddedPicture | null,
): Promise<{ key: string | null; error: string | null }> {
  let error: string | null = null;
  if (embedded !== null) {
    const made = await makeArtwork(dataDir, embedded.data);
    if (made.ok) return { key: made.key, error: null };
    error = `embedded ${made.reason}`;
  }
  const image = await folderArt.imageFor(path);
  if (image === null) return { key: null, error };
  if (!image.ok) return { key: null, error: error ?? image.reason };
  const made = await makeArtwork(dataDir, image.data);
  return made.ok
    ? { key: made.key, error }
    : { key: null, error: error ?? `folder ${made.reason}` };
}
