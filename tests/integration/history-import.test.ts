import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngineHost } from '../../src/main/engine-host/engine-host';
import { Engine } from '../../src/main/engine/engine';
import { classify } from '../../src/main/engine/events/signals';
import { sessionize } from '../../src/main/engine/events/sessions';
import { LibraryStore } from '../../src/main/engine/store/library-store';
import { analysedTrack, seededRandom, unitVector } from './store-fixtures';

const random = seededRandom(3);
const song = (artist: string, album: string, title: string, durationSec: number) =>
  analysedTrack(`/music/${artist}/${album}/${title}.flac`, unitVector(random), {
    artist,
    album,
    title,
    albumArtist: null,
    durationSec,
  });
const LIBRARY = [
  song('Radiohead', 'OK Computer', 'Airbag', 284),
  song('Radiohead', 'OK Computer', 'Paranoid Android', 383),
  song('Radiohead', 'I Might Be Wrong', 'Airbag (Live)', 301),
  song('The Beatles', 'Abbey Road', 'Come Together', 259),
  song('Björk', 'Homogenic', 'Jóga', 305),
  song('Massive Attack', 'Mezzanine', 'Teardrop', 330),
];
const [airbag, paranoid, airbagLive, comeTogether, joga, teardrop] = LIBRARY.map((t) => t.id) as [
  string,
  string,
  string,
  string,
  string,
  string,
];

let dir: string;
let engine: Engine;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deepcut-history-'));
  const store = await LibraryStore.open(dir);
  await store.writeTracks(LIBRARY);
  await store.close();
  engine = await Engine.open({ dataDir: dir });
});
afterEach(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

const run = (text: string, fileName: string, write = true) =>
  engine.importHistory({ text, fileName, write });

// lastfm.ghan.nl's export: a header, quoted fields, Unix seconds and a UTC time.
const GHAN_CSV = `uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid
"1764500000","30 Nov 2025, 10:53","Radiohead","a74b1b7f","OK Computer","","Airbag",""
"1764500290","30 Nov 2025, 10:58","Radiohead","a74b1b7f","OK Computer","","Paranoid Android",""
"1764508000","30 Nov 2025, 13:06","Beatles","","Abbey Road (Remastered)","","Come Together - 2019 Mix",""
"1764508300","30 Nov 2025, 13:11","Someone Else","","Nowhere","","Not Here",""
`;

describe('history import', () => {
  it('reads a Last.fm CSV, matches by song, rebuilds sessions, and adds nothing twice', async () => {
    const preview = await run(GHAN_CSV, 'scrobbles.csv', false);
    expect(preview).toMatchObject({ format: 'lastfm-csv', entries: 4, matched: 3, events: 3 });
    expect((await engine.eventLog().readAll()).events).toEqual([]);

    const report = await run(GHAN_CSV, 'scrobbles.csv');
    expect(report).toMatchObject({ matched: 3, matchRate: 0.75, events: 3, written: true });
    expect(report.unmatched).toEqual([
      {
        entry: 4,
        line: 5,
        artist: 'Someone Else',
        title: 'Not Here',
        reason: 'not in the library',
      },
    ]);
    const { events } = await engine.eventLog().readAll();
    expect(events.map((e) => e.track)).toEqual([airbag, paranoid, comeTogether]);
    expect(events.every((e) => classify(e) === 'play' && e.source.id === 'import:lastfm')).toBe(
      true,
    );
    expect(events[0]?.startedAt).toBe('2025-11-30T10:53:20.000Z');
    // The first two are one sitting; the third came two hours later.
    expect(sessionize(events).map((s) => s.events.length)).toEqual([2, 1]);

    const again = await run(GHAN_CSV, 'scrobbles.csv');
    expect(again).toMatchObject({ events: 0, duplicates: 3 });
    expect((await engine.eventLog().readAll()).events).toHaveLength(3);
  });

  it('reads the header-less CSV and tells versions apart by album and length', async () => {
    const csv = 'Radiohead,I Might Be Wrong,Airbag (Live),02 Dec 2020 21:03\n';
    await run(csv, 'lastfm.csv');
    const { events } = await engine.eventLog().readAll();
    expect(events.map((e) => e.track)).toEqual([airbagLive]);
    expect(events[0]?.startedAt).toBe('2020-12-02T21:03:00.000Z');
  });

  it('reads Last.fm JSON pages, leaving out the track playing now', async () => {
    const page = {
      recenttracks: {
        track: [
          {
            artist: { mbid: '', '#text': 'Björk' },
            album: { mbid: '', '#text': 'Homogenic' },
            name: 'Jóga',
            '@attr': { nowplaying: 'true' },
          },
          {
            artist: { '#text': 'Massive Attack' },
            album: { '#text': 'Mezzanine' },
            name: 'Teardrop',
            date: { uts: '1764400000', '#text': '29 Nov 2025, 07:06' },
          },
        ],
        '@attr': { user: 'someone', page: '1', totalPages: '1' },
      },
    };
    const report = await run(JSON.stringify([page]), 'recenttracks.json');
    expect(report).toMatchObject({ format: 'lastfm-json', entries: 1, events: 1 });
    expect((await engine.eventLog().readAll()).events.map((e) => e.track)).toEqual([teardrop]);
  });

  it('reads a ListenBrainz JSON Lines export', async () => {
    const listen = (at: number, artist: string, track: string, release: string) =>
      JSON.stringify({
        listened_at: at,
        recording_msid: 'f1d2',
        track_metadata: {
          artist_name: artist,
          track_name: track,
          release_name: release,
          additional_info: { duration_ms: 305_000, media_player: 'Deepcut' },
        },
      });
    const text = `${listen(1764300000, 'Björk', 'Joga', 'Homogenic')}\n${listen(1764300400, 'Radiohead', 'Airbag', 'OK Computer')}\n`;
    const report = await run(text, 'listens.jsonl');
    expect(report).toMatchObject({ format: 'listenbrainz', matched: 2, events: 2 });
    const tracks = (await engine.eventLog().readAll()).events.map((e) => e.track);
    expect(tracks).toEqual([joga, airbag]);
  });

  it('spreads iTunes counts over the days before the last play, with skips and loves', async () => {
    const text = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple Computer//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Major Version</key><integer>1</integer>
	<key>Tracks</key>
	<dict>
		<key>1001</key>
		<dict>
			<key>Track ID</key><integer>1001</integer>
			<key>Name</key><string>Teardrop</string>
			<key>Artist</key><string>Massive Attack</string>
			<key>Album</key><string>Mezzanine</string>
			<key>Total Time</key><integer>330000</integer>
			<key>Date Added</key><date>2020-01-01T00:00:00Z</date>
			<key>Play Count</key><integer>3</integer>
			<key>Play Date UTC</key><date>2025-11-20T20:00:00Z</date>
			<key>Skip Count</key><integer>2</integer>
			<key>Skip Date</key><date>2025-11-25T08:00:00Z</date>
			<key>Loved</key><true/>
		</dict>
		<key>1002</key>
		<dict>
			<key>Name</key><string>Paranoid Android</string>
			<key>Artist</key><string>Radiohead</string>
			<key>Disliked</key><true/>
		</dict>
		<key>1003</key>
		<dict>
			<key>Name</key><string>Never Played</string>
			<key>Artist</key><string>Radiohead</string>
		</dict>
	</dict>
	<key>Playlists</key><array><dict><key>Name</key><string>Library</string></dict></array>
</dict>
</plist>
`;
    const report = await run(text, 'Library.xml');
    expect(report).toMatchObject({
      format: 'itunes-xml',
      entries: 2,
      events: 5,
      loves: 1,
      bans: 1,
    });
    const { events } = await engine.eventLog().readAll();
    const plays = events.filter((e) => classify(e) === 'play').map((e) => e.startedAt);
    const skips = events.filter((e) => classify(e) === 'skip').map((e) => e.startedAt);
    expect(plays.sort()).toEqual([
      '2025-11-18T20:00:00.000Z',
      '2025-11-19T20:00:00.000Z',
      '2025-11-20T20:00:00.000Z',
    ]);
    expect(skips.sort()).toEqual(['2025-11-24T08:00:00.000Z', '2025-11-25T08:00:00.000Z']);
    const feedback = await engine.feedback();
    expect(feedback.loved(teardrop)).toBe(true);
    expect(feedback.banned(paranoid)).toBe(true);
    expect((await run(text, 'Library.xml')).events).toBe(0);
  });

  it('reads Rhythmbox counts, last-played and a five-star rating', async () => {
    const text = `<?xml version="1.0" standalone="yes"?>
<rhythmdb version="2.0">
  <entry type="song">
    <title>Come Together</title>
    <artist>The Beatles</artist>
    <album>Abbey Road</album>
    <duration>259</duration>
    <play-count>2</play-count>
    <last-played>1764000000</last-played>
    <first-seen>1700000000</first-seen>
    <rating>5</rating>
  </entry>
  <entry type="podcast-post"><title>An episode</title><artist>Radio</artist><play-count>9</play-count></entry>
  <entry type="song"><title>Unheard</title><artist>Nobody</artist></entry>
</rhythmdb>
`;
    const report = await run(text, 'rhythmdb.xml');
    expect(report).toMatchObject({ format: 'rhythmbox-xml', entries: 1, events: 2, loves: 1 });
    const { events } = await engine.eventLog().readAll();
    expect(events.map((e) => e.startedAt).sort()).toEqual([
      new Date(1764000000_000 - 86_400_000).toISOString(),
      new Date(1764000000_000).toISOString(),
    ]);
  });

  it('refuses a bad file with the line at fault, and writes nothing', async () => {
    const cases: [string, string, RegExp][] = [
      [
        `uts,artist,album,track\n1764500000,Radiohead,OK Computer,Airbag\nsoon,Radiohead,,Airbag\n`,
        'a.csv',
        /line 3: no date/,
      ],
      [
        `{"listened_at": 1764300000, "track_metadata": {"artist_name": "Björk", "track_name": "Jóga"}}\n{"listened_at": 1764300000, "track_metadata":\n`,
        'l.jsonl',
        /line 2: not JSON/,
      ],
      [
        `<?xml version="1.0"?>\n<rhythmdb version="2.0">\n<entry type="song"><title>X</title>\n</rhythmdb>\n`,
        'r.xml',
        /line 4: not well-formed XML/,
      ],
      [
        `<?xml version="1.0"?>\n<plist><dict><key>Tracks</key><dict><key>1</key><dict>\n<key>Name</key><string>Teardrop</string><key>Artist</key><string>Massive Attack</string><key>Play Count</key><string>many</string>\n</dict></dict></dict></plist>`,
        'Library.xml',
        /song 1: "Play Count" is not a number/,
      ],
    ];
    for (const [text, name, message] of cases) {
      await expect(run(text, name), name).rejects.toThrow(message);
    }
    expect((await engine.eventLog().readAll()).events).toEqual([]);
    await expect(run('hello', 'notes.md')).rejects.toThrow(/cannot tell the format/);
  });

  it('previews and imports through the channels the Settings screen uses', async () => {
    const host = createEngineHost(engine, {
      mode: 'web',
      version: 'test',
      emit: () => undefined,
      learning: { eventsPerRun: 1_000_000, idleMs: 3_600_000 },
    });
    try {
      const arg = { text: GHAN_CSV, fileName: 'scrobbles.csv' };
      const preview = await host.dispatch('history:preview-import', arg);
      expect(preview).toMatchObject({ ok: true, value: { matched: 3, events: 3, written: false } });
      expect((await engine.eventLog().readAll()).events).toEqual([]);
      const done = await host.dispatch('history:import-file', arg);
      expect(done).toMatchObject({ ok: true, value: { events: 3, written: true } });
      for (const bad of [
        { text: GHAN_CSV, fileName: '/home/someone/scrobbles.csv' },
        { text: GHAN_CSV, fileName: 'a.csv', format: 'winamp' },
        { text: GHAN_CSV, fileName: 'a.csv', path: '/etc/passwd' },
      ]) {
        const refused = await host.dispatch('history:import-file', bad);
        expect(refused.ok ? null : refused.error.code).toBe('bad-request');
      }
      const broken = await host.dispatch('history:import-file', {
        text: 'uts,artist,track\nsoon,Radiohead,Airbag\n',
        fileName: 'b.csv',
      });
      expect(broken.ok ? null : broken.error).toMatchObject({
        code: 'bad-request',
        message: expect.stringMatching(/line 2/),
      });
    } finally {
      await host.close();
    }
  });
});
