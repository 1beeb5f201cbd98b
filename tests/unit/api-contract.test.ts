import { describe, expect, it, vi } from 'vitest';
import {
  ApiCallError,
  areaOf,
  envelopeMethods,
  methodNameOf,
  valueMethods,
} from '../../src/shared/api-client';
import {
  API_ERROR_CODES,
  CHANNELS,
  EVENTS,
  isChannel,
  isEventName,
  type ApiResult,
} from '../../src/shared/api-contract';
import { CHANNEL_SCHEMAS } from '../../src/shared/api-schemas';
import { parseArg } from '../../src/main/engine-host/validate';

describe('the contract', () => {
  it('names every channel area:verb-noun and gives each a schema', () => {
    for (const channel of CHANNELS) {
      expect(channel).toMatch(/^[a-z]+:[a-z]+(-[a-z0-9]+)*$/);
      expect(CHANNEL_SCHEMAS[channel], channel).toBeDefined();
    }
    expect(Object.keys(CHANNEL_SCHEMAS).sort()).toEqual([...CHANNELS].sort());
    expect(new Set(CHANNELS).size).toBe(CHANNELS.length);
  });

  it('gives every channel a distinct method name within its area', () => {
    const names = CHANNELS.map((channel) => `${areaOf(channel)}.${methodNameOf(channel)}`);
    expect(new Set(names).size).toBe(CHANNELS.length);
    expect(methodNameOf('library:list-tracks')).toBe('listTracks');
    expect(methodNameOf('library:get-track-details')).toBe('getTrackDetails');
    expect(areaOf('events:record')).toBe('events');
  });

  it('keeps event names apart from channel names', () => {
    for (const event of EVENTS) {
      expect(isChannel(event)).toBe(false);
      expect(isEventName(event)).toBe(true);
    }
    expect(isChannel('library:list-tracks')).toBe(true);
    expect(isChannel('__proto__')).toBe(false);
    expect(isEventName('constructor')).toBe(false);
  });

  it('refuses bad arguments with bad-request and a message that names the field', () => {
    const cases: [string, unknown, RegExp][] = [
      ['library:get-track', { id: 'nope' }, /id: a track id is 16 lower-case hex characters/],
      ['library:get-track', {}, /id/],
      ['library:list-tracks', { limit: 501 }, /limit/],
      ['library:list-tracks', { sort: 'path' }, /sort/],
      ['library:list-tracks', null, /expected object/],
      ['library:add-folder', { path: 'a\0b' }, /NUL/],
      ['library:add-folder', { path: '' }, /a folder path is needed/],
      ['scan:start', { folders: [] }, /folders/],
      ['events:record', { track: '0123456789abcdef', msPlayed: -1 }, /msPlayed/],
      [
        'events:record',
        {
          track: '0123456789abcdef',
          startedAt: 'yesterday',
          msPlayed: 1,
          end: 'next',
          source: { kind: 'library' },
          session: 's',
        },
        /session|startedAt/,
      ],
      ['events:list-recent', { profile: '../../etc' }, /profile/],
      ['engine:get-status', { extra: 1 }, /extra/],
    ];
    for (const [channel, arg, message] of cases) {
      const result = parseArg(channel, arg);
      expect(result.ok, channel).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('bad-request');
        expect(result.error.message).toMatch(message);
        expect(result.error.message.startsWith(`${channel}: `)).toBe(true);
      }
    }
  });

  it('refuses an unknown channel with unknown-channel', () => {
    for (const name of ['library:drop-table', 'constructor', 42, undefined]) {
      expect(parseArg(name, {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    }
  });

  it('accepts the arguments the renderer sends', () => {
    expect(
      parseArg('library:list-tracks', {
        offset: 100,
        limit: 100,
        sort: 'artist',
        direction: 'desc',
        search: 'béla',
      }).ok,
    ).toBe(true);
    expect(
      parseArg('events:record', {
        track: '0123456789abcdef',
        startedAt: '2026-11-27T10:00:00.000Z',
        msPlayed: 12_000,
        durationMs: 180_000,
        end: 'next',
        source: { kind: 'library' },
      }).ok,
    ).toBe(true);
    expect(parseArg('scan:start', {}).ok).toBe(true);
  });

  it('lists error codes a program can switch on', () => {
    expect(API_ERROR_CODES).toContain('bad-request');
    expect(API_ERROR_CODES).toContain('engine-unavailable');
    expect(new Set(API_ERROR_CODES).size).toBe(API_ERROR_CODES.length);
  });
});

describe('generated methods', () => {
  it('send their channel and pass envelopes through on the bridge side', async () => {
    const reply: ApiResult<unknown> = { ok: false, error: { code: 'not-found', message: 'gone' } };
    const call = vi.fn(() => Promise.resolve(reply));
    const bridge = envelopeMethods(call);
    expect(await bridge.library.getTrack({ id: '0123456789abcdef' })).toBe(reply);
    expect(call).toHaveBeenCalledWith('library:get-track', { id: '0123456789abcdef' });
  });

  it('unwrap values and throw ApiCallError with the code on the renderer side', async () => {
    const api = valueMethods(async (channel) =>
      channel === 'library:get-folders'
        ? { ok: true, value: ['/music'] }
        : { ok: false, error: { code: 'busy', message: 'a scan is already running' } },
    );
    expect(await api.library.getFolders({})).toEqual(['/music']);
    const error = await api.scan.start({}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error).toMatchObject({ code: 'busy', message: 'a scan is already running' });
  });
});
