/**
 * What a scan makes besides vectors: artwork thumbnails (embedded and folder pictures, a corrupt
 * one skipped), loudness (measured or from ReplayGain tags), tags inferred from paths, and the
 * media routes that serve artwork by track id. Real ffmpeg, sharp, Meyda, TF.js and LanceDB.
 */
import { mkdir, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackRow } from '../../src/shared/api-types';
import { Engine } from '../../src/main/engine/engine';
import { artworkPath } from '../../src/main/engine/library/artwork-cache';
import { lookupMedia } from '../../src/main/engine-host/media/media-request';
import { encode, synthesize, tempDir } from '../helpers/synth';

const sine = (amplitude: number, seconds = 6): Float32Array =>
  synthesize({ kind: 'sine', freq: 1000 }, seconds, 22_050, amplitude);

async function image(path: string, size: number, colour: string): Promise<string> {
  const create = { width: size, height: size, channels: 3 as const, background: colour };
  await sharp({ create }).jpeg().toFile(path);
  return path;
}

describe('scan extras: artwork, loudness, path tags', () => {
  let root: string;
  let music: string;
  let engine: Engine;
  let rows: Map<string, TrackRow>;
  const path = (...parts: string[]): string => join(music, ...parts);

  beforeAll(async () => {
    root = await tempDir();
    music = join(root, 'music');
    const red = await image(join(root, 'red.jpg'), 600, '#c03030');
    const amplitude = 10 ** (-12 / 20);
    // Two untagged tracks of one album sharing an embedded cover.
    for (const [name, format] of [
      ['01 - First.mp3', 'mp3'],
      ['02 - Second.flac', 'flac'],
    ] as const) {
      await encode(sine(amplitude), path('Artist A', 'Album X', name), format, { cover: red });
    }
    // A folder image, and a placeholder artist tag.
    await mkdir(path('Album Y'), { recursive: true });
    await image(path('Album Y', 'Cover.JPG'), 300, '#3030c0');
    await encode(sine(0.5), path('Album Y', 'song_one.ogg'), 'ogg', {
      tags: { artist: '<Unknown>', title: 'Track 01' },
    });
    // A corrupt folder image is skipped with a reason; the track is analysed all the same.
    await mkdir(path('Broken'), { recursive: true });
    await writeFile(path('Broken', 'folder.png'), 'not a png at all');
    await encode(sine(0.5), path('Broken', 'noise.wav'), 'wav');
    // ReplayGain tags win over the measurement.
    await encode(sine(0.5), path('tagged.mp3'), 'mp3', {
      tags: { title: 'Tagged', artist: 'Someone', album: 'Gains' },
      extraTags: { REPLAYGAIN_TRACK_GAIN: '-6.50 dB', REPLAYGAIN_TRACK_PEAK: '0.501' },
    });
    // A symlink out of the music folder is reported, not scanned (the media route refuses it).
    await encode(sine(0.5), join(root, 'elsewhere.flac'), 'flac');
    await symlink(join(root, 'elsewhere.flac'), path('linked.flac'));

    engine = await Engine.open({ dataDir: join(root, 'data'), workers: 2 });
    const summary = await engine.scan([music]);
    expect(summary.analysed).toBe(5);
    expect(summary.failed).toEqual([
      {
        path: path('linked.flac'),
        reason: 'symlink leads outside the music folders (add the folder it points to)',
      },
    ]);
    const page = await engine.store.listTracks({
      offset: 0,
      limit: 50,
      sort: 'title',
      direction: 'asc',
      search: '',
    });
    rows = new Map(page.rows.map((row) => [row.title, row]));
  }, 120_000);

  afterAll(async () => {
    await engine.close();
    await rm(root, { recursive: true, force: true });
  });

  const row = (title: string): TrackRow => {
    const found = rows.get(title);
    if (!found) throw new Error(`no row titled ${title}; have ${[...rows.keys()].join(', ')}`);
    return found;
  };

  it('infers missing tags from the path and marks them', () => {
    expect(row('First')).toMatchObject({
      artist: 'Artist A',
      album: 'Album X',
      trackNo: 1,
      inferred: ['title', 'artist', 'album', 'trackNo'],
    });
    // "<Unknown>" and "Track 01" are placeholders: treated as missing.
    expect(row('song one')).toMatchObject({
      artist: null,
      album: 'Album Y',
      inferred: ['title', 'album'],
    });
    expect(row('Tagged')).toMatchObject({ artist: 'Someone', album: 'Gains', inferred: [] });
  });

  it('makes content-hashed thumbnails at every size, shared by an album, never enlarged', async () => {
    const first = await engine.findTrack(path('Artist A', 'Album X', '01 - First.mp3'));
    const second = await engine.findTrack(path('Artist A', 'Album X', '02 - Second.flac'));
    expect(first.artwork).not.toBeNull();
    expect(second.artwork).toBe(first.artwork);
    const dataDir = engine.store.dataDir;
    for (const size of [64, 256, 512] as const) {
      const meta = await sharp(artworkPath(dataDir, first.artwork ?? '', size)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', size, size]);
    }
    const folder = await engine.findTrack(path('Album Y', 'song_one.ogg'));
    const large = await sharp(artworkPath(dataDir, folder.artwork ?? '', 512)).metadata();
    expect(large.width).toBe(300);
    expect(row('song one').artwork).toBe(true);
  });

  it('skips a corrupt picture with its reason', async () => {
    const broken = await engine.findTrack(path('Broken', 'noise.wav'));
    expect(broken).toMatchObject({ status: 'analysed', artwork: null });
    expect(broken.artworkError).toMatch(/^folder image folder\.png|unreadable picture/);
    expect(row('noise').artwork).toBe(false);
  });

  it('measures loudness (BS.1770) and takes ReplayGain tags over it', () => {
    // A 1 kHz sine peaking at −6 dBFS in a mono WAV: one channel, −3.01 − 6.02 LUFS.
    const wav = row('noise').loudness;
    expect(wav?.source).toBe('measured');
    expect(Math.abs((wav?.trackGainDb ?? NaN) - (-18 - (-3.01 - 6.02)))).toBeLessThan(0.1);
    expect(wav?.trackPeak ?? 0).toBeCloseTo(0.5, 1);
    // Peaking at −12 dBFS, through lossy and lossless encoders.
    const first = row('First').loudness;
    expect(first?.source).toBe('measured');
    expect(first?.trackGainDb ?? NaN).toBeCloseTo(-18 - (-3.01 - 12), 0);
    expect(row('Second').loudness?.trackGainDb ?? NaN).toBeCloseTo(-18 - (-3.01 - 12), 1);
    expect(first?.trackPeak ?? 0).toBeGreaterThan(0.15);
    expect(first?.trackPeak ?? 1).toBeLessThan(0.3);
    // The album's two tracks are about equally loud: its gain lies between theirs.
    const gains = [first?.trackGainDb ?? 0, row('Second').loudness?.trackGainDb ?? 0];
    expect(first?.albumGainDb ?? NaN).toBeGreaterThanOrEqual(Math.min(...gains));
    expect(first?.albumGainDb ?? NaN).toBeLessThanOrEqual(Math.max(...gains));
    expect(row('Tagged').loudness).toMatchObject({
      source: 'tags',
      trackGainDb: -6.5,
      trackPeak: 0.501,
    });
  });

  it('serves artwork by track id only, and says why a track has none', async () => {
    const first = row('First');
    const found = await lookupMedia(engine.store, { kind: 'artwork', trackId: first.id, size: 64 });
    expect(found).toMatchObject({ ok: true, file: { contentType: 'image/jpeg' } });
    const none = await lookupMedia(engine.store, {
      kind: 'artwork',
      trackId: row('noise').id,
      size: 64,
    });
    expect(none).toEqual({ ok: false, refusal: 'no-artwork' });
    const unknown = { kind: 'artwork', trackId: 'ffffffffffffffff', size: 256 } as const;
    expect(await lookupMedia(engine.store, unknown)).toEqual({
      ok: false,
      refusal: 'unknown-track',
    });
  });

  it('deletes thumbnails no track names once their tracks are gone', async () => {
    const folder = await engine.findTrack(path('Album Y', 'song_one.ogg'));
    const key = folder.artwork ?? '';
    const file = artworkPath(engine.store.dataDir, key, 64);
    await sharp(file).metadata();
    await unlink(path('Album Y', 'song_one.ogg'));
    await engine.scan([music]);
    await expect(sharp(file).metadata()).rejects.toThrow();
    const kept = await engine.findTrack(path('Artist A', 'Album X', '01 - First.mp3'));
    await sharp(artworkPath(engine.store.dataDir, kept.artwork ?? '', 64)).metadata();
  }, 60_000);
});
