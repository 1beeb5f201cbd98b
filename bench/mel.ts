/**
 * Audio-stage figures: `node --import tsx bench/mel.ts`.
 * Prints the median ms to turn 30 s of audio into mel bands three ways, and to decode a 3-minute
 * ogg (the three planned excerpts, and the whole file for comparison). Prints; never judges.
 * Mel figures show wall time and this process's CPU time: on a shared 2-core machine the wall time
 * swings with other load, the CPU time much less. Decoding runs in ffmpeg, so it shows wall only.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import Meyda from 'meyda';
import { decodeExcerpts } from '../src/main/engine/audio/decode';
import { planExcerpts } from '../src/main/engine/audio/excerpts';
import { computeLogMel, frameCount, MEL_POWER_EPSILON } from '../src/main/engine/audio/mel';
import { applyMelFilterBank, melFilterBank } from '../src/main/engine/audio/mel-filter-bank';
import { FFT_SIZE, HOP_SIZE, MEL_BANDS, SAMPLE_RATE } from '../src/main/engine/audio/params';
import { encode, synthesize, tempDir } from '../tests/helpers/synth';

const RUNS = 7;

type Timing = Readonly<{ wall: number; cpu: number }>;

async function median(run: () => unknown): Promise<Timing> {
  await run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await run();
    const used = process.cpuUsage(c0);
    wall.push(performance.now() - t0);
    cpu.push((used.user + used.system) / 1000);
  }
  const mid = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? NaN;
  return { wall: mid(wall), cpu: mid(cpu) };
}

/** Run a Meyda feature over every frame computeLogMel would make; returns what Meyda gave. */
function meydaPerFrame(samples: Float32Array, feature: 'melBands' | 'powerSpectrum'): unknown[] {
  Meyda.bufferSize = FFT_SIZE;
  Meyda.sampleRate = SAMPLE_RATE;
  Meyda.windowingFunction = 'hanning';
  Meyda.melBands = MEL_BANDS;
  const frame = new Float32Array(FFT_SIZE);
  const out: unknown[] = [];
  for (let t = 0; t < frameCount(samples.length); t++) {
    frame.set(samples.subarray(t * HOP_SIZE, t * HOP_SIZE + FFT_SIZE));
    out.push(Meyda.extract(feature, frame));
  }
  return out;
}

/** The part of computeLogMel that is not Meyda's. */
function bankAndLog(spectra: readonly Float32Array[]): Float32Array {
  const bank = melFilterBank({ sampleRate: SAMPLE_RATE, fftSize: FFT_SIZE, bands: MEL_BANDS });
  const data = new Float32Array(spectra.length * MEL_BANDS);
  spectra.forEach((power, t) => applyMelFilterBank(bank, power, data, t * MEL_BANDS));
  for (let i = 0; i < data.length; i++) data[i] = Math.log10((data[i] ?? 0) + MEL_POWER_EPSILON);
  return data;
}

function line(label: string, t: Timing, withCpu = true): void {
  const cpu = withCpu ? ` ${t.cpu.toFixed(1).padStart(8)} ms cpu` : '';
  console.log(`${label.padEnd(52)} ${t.wall.toFixed(1).padStart(8)} ms wall${cpu}`);
}

const thirty = synthesize({ kind: 'chord', freqs: [220, 277, 330, 1760] }, 30);
const noise = synthesize({ kind: 'noise', seed: 3 }, 30, SAMPLE_RATE, 0.05);
thirty.forEach((v, i) => (thirty[i] = v + (noise[i] ?? 0)));

console.log(
  `mel of 30 s (${frameCount(thirty.length)} frames, ${MEL_BANDS} bands), median of ${RUNS}`,
);
line('Meyda melBands (its own dense bank)', await median(() => meydaPerFrame(thirty, 'melBands')));
line('Meyda powerSpectrum only', await median(() => meydaPerFrame(thirty, 'powerSpectrum')));
line(
  'computeLogMel (powerSpectrum + sparse bank + log)',
  await median(() => computeLogMel(thirty)),
);
const spectra = meydaPerFrame(thirty, 'powerSpectrum').filter(
  (s): s is Float32Array => s instanceof Float32Array,
);
line('sparse bank + log alone, on Meyda spectra', await median(() => bankAndLog(spectra)));

const dir = await tempDir('deepcut-bench-');
try {
  const track = await encode(
    synthesize({ kind: 'chord', freqs: [196, 247, 294] }, 180),
    join(dir, 'three-minutes.ogg'),
    'ogg',
  );
  console.log('\ndecode of a 3-minute ogg, median of', RUNS);
  const excerpts = await median(() => decodeExcerpts(track, planExcerpts(180)));
  const plan = planExcerpts(180);
  line(
    `${plan.length} excerpts of ${plan[0]?.seconds ?? 0} s (one ffmpeg process)`,
    excerpts,
    false,
  );
  const whole = await median(() => decodeExcerpts(track, [{ startSec: 0, seconds: 180 }]));
  line('whole file', whole, false);
} finally {
  await rm(dir, { recursive: true, force: true });
}
