/**
 * A worker process that turns one audio file into a log-mel spectrogram (encoded for the mel
 * cache) and its thumbnail: decode (ffmpeg, in its own process) then Meyda. Two of these keep both cores busy
 * while the engine reads tags, embeds and writes the store.
 */
import { decodeExcerpts } from '../audio/decode';
import { planExcerpts } from '../audio/excerpts';
import { encodeMel, excerptFrameCounts } from '../audio/mel-cache';
import { computeExcerptsLogMel } from '../audio/mel';
import { makeThumbnail } from '../audio/thumbnail';
import type { AnalysisReply, AnalysisRequest, WorkerRequest } from './analysis-protocol';

const send = process.send?.bind(process);
if (!send) throw new Error('analysis-worker must run as a forked process');

const running = new Map<number, AbortController>();

process.on('message', (message: WorkerRequest) => {
  if (message.type === 'cancel') {
    running.get(message.seq)?.abort();
    return;
  }
  void analyse(message).then((reply) => send(reply));
});
// Never outlive the engine: a killed engine closes the channel.
process.on('disconnect', () => process.exit(0));

async function analyse(request: AnalysisRequest): Promise<AnalysisReply> {
  const controller = new AbortController();
  running.set(request.seq, controller);
  const started = performance.now();
  let decodeMs = 0;
  try {
    const decoded = await decodeExcerpts(request.path, planExcerpts(request.durationSec), {
      ffmpegPath: request.ffmpegPath ?? undefined,
      timeoutMs: request.timeoutMs,
      signal: controller.signal,
    });
    decodeMs = performance.now() - started;
    const melStarted = performance.now();
    const mel = computeExcerptsLogMel(decoded.samples, decoded.segmentLengths);
    if (mel.frames === 0) throw new Error('no audio decoded: the file is shorter than one frame');
    const thumbnail = makeThumbnail(mel);
    const excerptFrames = excerptFrameCounts(decoded.segmentLengths);
    const melBytes = encodeMel({ ...mel, excerptFrames });
    const times = { decodeMs, melMs: performance.now() - melStarted };
    return {
      type: 'analysed',
      seq: request.seq,
      frames: mel.frames,
      bands: mel.bands,
      excerptFrames,
      melBytes,
      thumbnail,
      times,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (decodeMs === 0) decodeMs = performance.now() - started;
    return { type: 'failed', seq: request.seq, reason, times: { decodeMs, melMs: 0 } };
  } finally {
    running.delete(request.seq);
  }
}
