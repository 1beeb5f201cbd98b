/**
 * A seeded mutator of audio files for the media fuzz test and bench: it reads each container's
 * structure (Ogg pages, ID3 and MPEG frames, FLAC blocks, MP4 boxes, RIFF and AIFF chunks) and
 * cuts files at every boundary, keeps only their headers, writes absurd and zero sizes into their
 * size fields, flips bytes, and cuts at random offsets. Same seed, same cases.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { encode, extensionOf, synthesize, type Format } from './synth';

/** Every format the library scans, as the bundled ffmpeg encodes it. */
export const FUZZ_FORMATS: readonly Format[] = [
  'mp3',
  'flac',
  'ogg',
  'opus',
  'm4a',
  'm4a-alac',
  'wav',
  'aiff',
];

/** A field holding a length: where it is and how it is written. */
type SizeField = Readonly<{ offset: number; width: 1 | 3 | 4; bigEndian: boolean }>;

/** What the mutator knows of a file's layout. */
export type Structure = Readonly<{
  /** Offsets where a page, frame, block, box or chunk starts (the file's end excluded). */
  boundaries: readonly number[];
  sizeFields: readonly SizeField[];
  /** Where the headers end and the audio starts. */
  headerEnd: number;
}>;

/** One fuzzed file. */
export type FuzzCase = Readonly<{ format: Format; mutation: string; bytes: Uint8Array }>;

/** A small seeded generator (mulberry32): the same seed gives the same cases on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const u32be = (b: Uint8Array, at: number): number =>
  ((b[at] ?? 0) * 2 ** 24 +
    ((b[at + 1] ?? 0) << 16) +
    ((b[at + 2] ?? 0) << 8) +
    (b[at + 3] ?? 0)) >>>
  0;
const u32le = (b: Uint8Array, at: number): number =>
  ((b[at + 3] ?? 0) * 2 ** 24 +
    ((b[at + 2] ?? 0) << 16) +
    ((b[at + 1] ?? 0) << 8) +
    (b[at] ?? 0)) >>>
  0;
const tag = (b: Uint8Array, at: number): string => String.fromCharCode(...b.subarray(at, at + 4));

function oggStructure(b: Uint8Array): Structure {
  const boundaries: number[] = [];
  const sizeFields: SizeField[] = [];
  let headerEnd = 0;
  for (let at = 0; at + 27 <= b.length;) {
    if (tag(b, at) !== 'OggS') break;
    boundaries.push(at);
    const segments = b[at + 26] ?? 0;
    sizeFields.push({ offset: at + 26, width: 1, bigEndian: false });
    let body = 0;
    for (let s = 0; s < segments; s++) {
      body += b[at + 27 + s] ?? 0;
      sizeFields.push({ offset: at + 27 + s, width: 1, bigEndian: false });
    }
    // The first page whose granule position is past 0 holds audio: the headers end before it.
    const granule = Number(new DataView(b.buffer, b.byteOffset).getBigInt64(at + 6, true));
    if (headerEnd === 0 && granule > 0 && boundaries.length > 1) headerEnd = at;
    at += 27 + segments + body;
  }
  return { boundaries, sizeFields, headerEnd: headerEnd || (boundaries[2] ?? b.length) };
}

function id3End(b: Uint8Array): number {
  if (tag(b, 0).slice(0, 3) !== 'ID3') return 0;
  const size = ((b[6] ?? 0) << 21) | ((b[7] ?? 0) << 14) | ((b[8] ?? 0) << 7) | (b[9] ?? 0);
  return 10 + size;
}

function mp3Structure(b: Uint8Array): Structure {
  const end = id3End(b);
  const boundaries = end > 0 ? [0, end] : [];
  const sizeFields: SizeField[] = end > 0 ? [{ offset: 6, width: 4, bigEndian: true }] : [];
  // ID3v2.3/2.4 frames: id, size, flags.
  for (let at = 10; at + 10 <= end && /^[A-Z0-9]{4}$/.test(tag(b, at));) {
    boundaries.push(at);
    sizeFields.push({ offset: at + 4, width: 4, bigEndian: true });
    at += 10 + u32be(b, at + 4);
  }
  // MPEG audio frames: sync, then a header whose fields are not the reserved values.
  for (let at = end; at + 4 < b.length && boundaries.length < 400; at++) {
    const h1 = b[at + 1] ?? 0;
    const h2 = b[at + 2] ?? 0;
    if (b[at] !== 0xff || (h1 & 0xe0) !== 0xe0 || (h1 & 0x06) === 0) continue;
    if ((h2 & 0xf0) === 0xf0 || (h2 & 0x0c) === 0x0c) continue;
    boundaries.push(at);
    at += 100;
  }
  return { boundaries: [...new Set(boundaries)].sort((x, y) => x - y), sizeFields, headerEnd: end };
}

function flacStructure(b: Uint8Array): Structure {
  const boundaries: number[] = [0];
  const sizeFields: SizeField[] = [];
  let at = 4;
  for (let last = false; !last && at + 4 <= b.length;) {
    boundaries.push(at);
    last = ((b[at] ?? 0) & 0x80) !== 0;
    sizeFields.push({ offset: at + 1, width: 3, bigEndian: true });
    const size = ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0);
    // A PICTURE block's own lengths: MIME type, description, then the picture data.
    if (((b[at] ?? 0) & 0x7f) === 6) {
      const mime = at + 8;
      sizeFields.push({ offset: mime, width: 4, bigEndian: true });
      const desc = mime + 4 + u32be(b, mime);
      sizeFields.push({ offset: desc, width: 4, bigEndian: true });
      sizeFields.push({ offset: desc + 4 + u32be(b, desc) + 16, width: 4, bigEndian: true });
    }
    at += 4 + size;
  }
  const headerEnd = at;
  for (let f = headerEnd; f + 2 < b.length && boundaries.length < 300; f++) {
    if (b[f] === 0xff && ((b[f + 1] ?? 0) & 0xfe) === 0xf8) {
      boundaries.push(f);
      f += 200;
    }
  }
  return { boundaries, sizeFields, headerEnd };
}

const MP4_CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'udta', 'ilst', 'dinf']);

function mp4Structure(b: Uint8Array): Structure {
  const boundaries: number[] = [];
  const sizeFields: SizeField[] = [];
  let headerEnd = b.length;
  const walk = (from: number, to: number, depth: number): void => {
    for (let at = from; at + 8 <= to;) {
      const size = u32be(b, at);
      const type = tag(b, at + 4);
      boundaries.push(at);
      sizeFields.push({ offset: at, width: 4, bigEndian: true });
      if (size < 8) return;
      if (type === 'mdat') headerEnd = Math.min(headerEnd, at);
      // `meta` holds a version and flags before its children; the ilst items are boxes too.
      if (depth < 6 && (MP4_CONTAINERS.has(type) || type === 'meta' || depth === 5)) {
        walk(at + (type === 'meta' ? 12 : 8), Math.min(to, at + size), depth + 1);
      }
      at += size;
    }
  };
  walk(0, b.length, 0);
  return { boundaries, sizeFields, headerEnd };
}

function chunkStructure(b: Uint8Array, bigEndian: boolean): Structure {
  const read = bigEndian ? u32be : u32le;
  const boundaries: number[] = [0];
  const sizeFields: SizeField[] = [{ offset: 4, width: 4, bigEndian }];
  let headerEnd = b.length;
  for (let at = 12; at + 8 <= b.length;) {
    const id = tag(b, at);
    boundaries.push(at);
    sizeFields.push({ offset: at + 4, width: 4, bigEndian });
    // AIFF's COMM counts sample frames; an absurd count is as bad as an absurd chunk size.
    if (id === 'COMM') sizeFields.push({ offset: at + 10, width: 4, bigEndian });
    if (id === 'data' || id === 'SSND') headerEnd = Math.min(headerEnd, at + 8);
    const size = read(b, at + 4);
    at += 8 + size + (size % 2);
  }
  return { boundaries, sizeFields, headerEnd };
}

/** The layout of a file of `format`. */
export function structureOf(format: Format, bytes: Uint8Array): Structure {
  switch (format) {
    case 'ogg':
    case 'opus':
      return oggStructure(bytes);
    case 'mp3':
      return mp3Structure(bytes);
    case 'flac':
      return flacStructure(bytes);
    case 'm4a':
    case 'm4a-alac':
      return mp4Structure(bytes);
    case 'wav':
      return chunkStructure(bytes, false);
    case 'aiff':
      return chunkStructure(bytes, true);
  }
}

function writeSize(bytes: Uint8Array, field: SizeField, value: number): void {
  for (let i = 0; i < field.width; i++) {
    const shift = 8 * (field.bigEndian ? field.width - 1 - i : i);
    bytes[field.offset + i] = Math.floor(value / 2 ** shift) & 0xff;
  }
}

type Mutator = (
  bytes: Uint8Array,
  structure: Structure,
  random: () => number,
) => Readonly<{ mutation: string; bytes: Uint8Array }>;

const pick = <T>(items: readonly T[], random: () => number): T | undefined =>
  items[Math.floor(random() * items.length)];

/** The mutations, each drawn with its weight. */
const MUTATORS: readonly Readonly<{ weight: number; make: Mutator }>[] = [
  {
    weight: 4,
    make: (bytes, s, random) => {
      const at = pick(s.boundaries, random) ?? 0;
      // Right at the boundary, or a few bytes into what starts there.
      const cut = Math.min(bytes.length, at + (random() < 0.5 ? 0 : 1 + Math.floor(random() * 16)));
      return { mutation: `cut at boundary ${cut}`, bytes: bytes.slice(0, cut) };
    },
  },
  {
    weight: 2,
    make: (bytes, _s, random) => {
      const cut = Math.floor(random() * bytes.length);
      return { mutation: `cut at ${cut}`, bytes: bytes.slice(0, cut) };
    },
  },
  {
    weight: 1,
    make: (bytes, s) => ({
      mutation: `headers only (${s.headerEnd} B)`,
      bytes: bytes.slice(0, s.headerEnd),
    }),
  },
  {
    weight: 3,
    make: (bytes, s, random) => {
      const field = pick(s.sizeFields, random);
      const out = bytes.slice();
      if (field === undefined) return { mutation: 'no size field', bytes: out };
      const max = 2 ** (8 * field.width) - 1;
      const value = pick([max, Math.floor(max / 2), max - 7, 0x100000 % (max + 1)], random) ?? max;
      writeSize(out, field, value);
      return { mutation: `absurd size ${value} at ${field.offset}`, bytes: out };
    },
  },
  {
    weight: 2,
    make: (bytes, s, random) => {
      const field = pick(s.sizeFields, random);
      const out = bytes.slice();
      if (field !== undefined) writeSize(out, field, 0);
      return { mutation: `zero size at ${field?.offset ?? -1}`, bytes: out };
    },
  },
  {
    weight: 3,
    make: (bytes, s, random) => {
      const out = bytes.slice();
      // Most damage that matters is in the headers: flip there more often than in the audio.
      const head = random() < 0.5;
      const span = head ? Math.max(64, Math.min(4096, s.headerEnd)) : out.length;
      const rate = pick([0.001, 0.005, 0.02, 0.05], random) ?? 0.01;
      const flips = Math.max(1, Math.round(span * rate));
      for (let i = 0; i < flips; i++) {
        const at = Math.floor(random() * span);
        out[at] = (out[at] ?? 0) ^ (1 << Math.floor(random() * 8));
      }
      return { mutation: `${flips} bit flips in the ${head ? 'first 4 KB' : 'file'}`, bytes: out };
    },
  },
  {
    weight: 1,
    make: (bytes, s, random) => {
      // A boundary's bytes repeated: a box, chunk or page appearing twice.
      const from = pick(s.boundaries, random) ?? 0;
      const length = Math.min(bytes.length - from, 1 + Math.floor(random() * 2048));
      const out = new Uint8Array(bytes.length + length);
      out.set(bytes.subarray(0, from + length));
      out.set(bytes.subarray(from), from + length);
      return { mutation: `${length} B at ${from} repeated`, bytes: out };
    },
  },
];

const TOTAL_WEIGHT = MUTATORS.reduce((sum, m) => sum + m.weight, 0);

/**
 * `count` cases over `seeds` (one valid file per format), from `seed`. Every format first gets
 * the fixed cases: empty, its first 100 bytes (an interrupted download: what once hung the Opus
 * tail reader), its headers alone, and a cut at each of its first boundaries; the rest are drawn.
 */
export function fuzzCases(
  seeds: ReadonlyMap<Format, Uint8Array>,
  count: number,
  seed: number,
): FuzzCase[] {
  const random = seededRandom(seed);
  // Plain copies: a Buffer's slice() is a view, and mutating one would change the seed itself.
  seeds = new Map([...seeds].map(([format, bytes]) => [format, new Uint8Array(bytes)]));
  const formats = [...seeds.keys()];
  const structures = new Map(
    formats.map((f) => [f, structureOf(f, seeds.get(f) ?? new Uint8Array())]),
  );
  const cases: FuzzCase[] = [];
  for (const format of formats) {
    const bytes = seeds.get(format) ?? new Uint8Array();
    const s = structures.get(format) as Structure;
    cases.push({ format, mutation: 'empty', bytes: new Uint8Array() });
    cases.push({ format, mutation: 'first 100 B', bytes: bytes.slice(0, 100) });
    cases.push({
      format,
      mutation: `headers only (${s.headerEnd} B)`,
      bytes: bytes.slice(0, s.headerEnd),
    });
    for (const at of s.boundaries.slice(1, 4)) {
      cases.push({ format, mutation: `cut at boundary ${at}`, bytes: bytes.slice(0, at) });
    }
  }
  for (let i = 0; cases.length < count; i++) {
    const format = formats[i % formats.length] as Format;
    let roll = random() * TOTAL_WEIGHT;
    const mutator = MUTATORS.find((m) => (roll -= m.weight) < 0) ?? MUTATORS[0];
    const made = mutator?.make(
      seeds.get(format) ?? new Uint8Array(),
      structures.get(format) as Structure,
      random,
    );
    if (made) cases.push({ format, ...made });
  }
  return cases.slice(0, Math.max(count, 0));
}

/**
 * One valid file per format, encoded by the bundled ffmpeg into `dir`: `seconds` of a chord with
 * tags, ReplayGain tags, and a cover picture where the format carries one (so picture parsing
 * is fuzzed too). Long enough by default for the scan to seek to three excerpts.
 */
export async function fuzzSeeds(dir: string, seconds = 30): Promise<Map<Format, string>> {
  await mkdir(dir, { recursive: true });
  const cover = join(dir, 'cover.jpg');
  await sharp({ create: { width: 320, height: 320, channels: 3, background: '#4060a0' } })
    .jpeg()
    .toFile(cover);
  const samples = synthesize({ kind: 'chord', freqs: [196, 247, 294] }, seconds);
  const seeds = new Map<Format, string>();
  for (const format of FUZZ_FORMATS) {
    const carriesCover = format === 'mp3' || format === 'flac' || format === 'm4a';
    const path = join(dir, `seed-${format}.${extensionOf(format)}`);
    await encode(samples, path, format, {
      tags: { title: 'Seed', artist: 'Fuzz', album: 'Cases', track: '1', date: '2020' },
      extraTags: { REPLAYGAIN_TRACK_GAIN: '-3.2 dB', REPLAYGAIN_TRACK_PEAK: '0.8' },
      ...(carriesCover ? { cover } : {}),
    });
    seeds.set(format, path);
  }
  return seeds;
}
