/**
 * A thousand random payloads at every channel of the contract, through the real dispatcher and a
 * real engine: every reply is an envelope with a known code and a one-line message (no stack), the
 * host keeps answering, and no payload makes the media lookup serve anything but a library track.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_ERROR_CODES,
  CHANNELS,
  isChannel,
  type ApiResult,
  type Channel,
} from '../../src/shared/api-contract';
import { CHANNEL_SCHEMAS } from '../../src/shared/api-schemas';
import { analysedTrack, seededRandom, unitVector } from '../integration/store-fixtures';
import { openHost, type HostFixture } from './api-fixtures';

const PAYLOADS_PER_CHANNEL = 1000;
const random = seededRandom(20261127);
let fx: HostFixture;
let trackId: string;
let cwd: string;

// Strings that have broken servers before: traversal (plain and encoded), NUL, control
// characters, huge, unicode, lookalike ids. No existing folder is among them, so a payload that
// happens to be valid never points a scan at the machine's own folders.
const NASTY = [
  '',
  ' ',
  '..',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2f',
  '/nonexistent-deepcut/../../etc',
  '/nonexistent-deepcut/a.m3u8',
  'a\0b',
  '\u0000',
  '\u202e\u0007',
  'x'.repeat(5000),
  '0123456789abcdef',
  '0123456789ABCDEF',
  'ffffffffffffffff',
  '0123456789abcdef/../../x',
  '{"$gt":""}',
  '__proto__',
  'constructor',
  'library:list-tracks',
  'Ωmega 🎵',
];

const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

function randomString(): string {
  if (random() < 0.7) return pick(NASTY);
  const length = Math.floor(random() * 40);
  return Array.from({ length }, () => String.fromCharCode(Math.floor(random() * 0x2000))).join('');
}

function randomValue(depth = 0): unknown {
  const roll = random();
  if (roll < 0.1) return null;
  if (roll < 0.15) return undefined;
  if (roll < 0.25) return random() < 0.5;
  if (roll < 0.45) {
    return pick([
      0,
      -1,
      1,
      2,
      99,
      500,
      501,
      1e9,
      -1e9,
      0.5,
      Number.MAX_SAFE_INTEGER,
      NaN,
      Infinity,
    ]);
  }
  if (roll < 0.75) return randomString();
  if (depth > 2) return randomString();
  if (roll < 0.87)
    return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = Math.floor(random() * 4); i > 0; i--)
    object[randomString().slice(0, 20)] = randomValue(depth + 1);
  return object;
}

function keysOf(channel: Channel): string[] {
  const schema: unknown = CHANNEL_SCHEMAS[channel];
  const shape =
    typeof schema === 'object' && schema !== null && 'shape' in schema ? schema.shape : {};
  return Object.keys(shape as object);
}

/** Mostly objects with the channel's own keys and odd values (to get past the first check). */
function randomPayload(channel: Channel): unknown {
  if (random() < 0.25) return randomValue();
  const payload: Record<string, unknown> = {};
  for (const key of keysOf(channel)) {
    if (random() < 0.7)
      payload[key] = random() < 0.15 && key.toLowerCase().includes('id') ? trackId : randomValue();
  }
  if (random() < 0.1) payload[randomString().slice(0, 12)] = randomValue();
  return payload;
}

function checkEnvelope(reply: ApiResult<unknown>, channel: string): void {
  expect(typeof reply.ok, channel).toBe('boolean');
  if (reply.ok) return;
  expect(API_ERROR_CODES, channel).toContain(reply.error.code);
  expect(typeof reply.error.message).toBe('string');
  expect(reply.error.message.length).toBeLessThanOrEqual(600);
  expect(reply.error.message, channel).not.toMatch(/\n|\s+at\s+\S+\s+\(/);
}

beforeAll(async () => {
  fx = await openHost('fuzz');
  const music = join(fx.dir, 'music');
  await mkdir(music, { recursive: true });
  const path = join(music, 'song.mp3');
  await writeFile(path, Buffer.alloc(64));
  const record = analysedTrack(path, unitVector(random));
  trackId = record.id;
  await fx.engine.store.writeTracks([record]);
  await fx.engine.store.setFolders([music]);
  // Anything a handler might write relative to the working folder lands in the scratch folder.
  cwd = process.cwd();
  process.chdir(fx.dir);
});
afterAll(async () => {
  process.chdir(cwd);
  await fx.close();
});

describe('fuzz', () => {
  it.each(CHANNELS.map((channel) => [channel]))(
    '%s survives 1,000 random payloads with envelopes and known codes',
    async (channel) => {
      let refused = 0;
      for (let i = 0; i < PAYLOADS_PER_CHANNEL; i++) {
        const reply = await fx.host.dispatch(channel, randomPayload(channel));
        checkEnvelope(reply, channel);
        if (!reply.ok) refused++;
      }
      // Random payloads are mostly wrong; a channel that accepts them all checks nothing.
      if (keysOf(channel).length > 0) expect(refused).toBeGreaterThan(0);
      // The host still answers a good call.
      expect(await fx.host.dispatch('library:get-track', { id: trackId })).toMatchObject({
        ok: true,
      });
    },
  );

  it('answers random channel names with unknown-channel', async () => {
    for (let i = 0; i < PAYLOADS_PER_CHANNEL; i++) {
      const name = randomValue();
      const reply = await fx.host.dispatch(name, randomValue());
      checkEnvelope(reply, 'random');
      // A real channel's name is among the nasty strings; its call may be a valid one.
      if (!isChannel(name)) expect(reply.ok).toBe(false);
    }
  });

  it('serves media for a library track id and nothing else, whatever the id', async () => {
    expect(await fx.host.media({ kind: 'track', trackId })).toMatchObject({ file: { size: 64 } });
    for (let i = 0; i < PAYLOADS_PER_CHANNEL; i++) {
      const id = randomString();
      if (id === trackId) continue;
      for (const request of [
        { kind: 'track', trackId: id },
        { kind: 'artwork', trackId: id, size: 64 },
      ] as const) {
        expect(await fx.host.media(request), id.slice(0, 40)).toMatchObject({ ok: false });
      }
    }
  });

  it('left the library as it was', async () => {
    expect(await fx.engine.store.getFolders()).toEqual([join(fx.dir, 'music')]);
    expect((await fx.engine.store.counts()).total).toBe(1);
  });
});
