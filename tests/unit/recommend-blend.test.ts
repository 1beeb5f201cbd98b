import { describe, expect, it } from 'vitest';
import type { ListeningEvent } from '../../src/shared/events';
import {
  audioEstimate,
  audioTerm,
  collaborativeWeight,
  combine,
  W_MAX,
} from '../../src/main/engine/recommend/blend';
import { calibrate, calibrated, IDENTITY } from '../../src/main/engine/recommend/calibration';
import { localAcceptance } from '../../src/main/engine/recommend/local-acceptance';
import { listeningHistory, emptyHistory } from '../../src/main/engine/recommend/history';
import type { SnapshotTrack } from '../../src/main/engine/recommend/library-snapshot';
import { NO_FEEDBACK } from '../../src/main/engine/recommend/feedback-view';
import { scoreCandidates, type ScoringContext } from '../../src/main/engine/recommend/scoring';
import { TableTaste } from '../helpers/taste-table';
import { jitter } from '../integration/recommend-fixtures';
import { analysedTrack, seededRandom, unitVector } from '../integration/store-fixtures';

const random = seededRandom(9);
const seed = unitVector(random);
const NOW = new Date('2026-11-27T20:00:00Z');

function snapshotTrack(name: string, vector: Float32Array): SnapshotTrack {
  return {
    track: analysedTrack(`/music/${name}.flac`, vector, { title: name, artist: name }),
    vector,
  };
}

/** Tracks at rising distance from the seed: near, mid, far. */
const near = snapshotTrack('near', jitter(seed, 0.2, random));
const mid = snapshotTrack('mid', jitter(seed, 0.8, random));
const far = snapshotTrack('far', jitter(seed, 2, random));
const titles = new Map<string, string>();
const titled = (t: SnapshotTrack) => (titles.set(t.track.id, t.track.title), t);
[near, mid, far].forEach(titled);
const similarity = (t: SnapshotTrack) => t.vector.reduce((s, x, i) => s + x * (seed[i] ?? 0), 0);
const closeness = (t: SnapshotTrack) => ({
  similarity: similarity(t),
  sound: [{ kind: 'similar' as const, to: 'seed', value: similarity(t), rank: 1 }],
});

function context(overrides: Partial<ScoringContext> = {}): ScoringContext {
  return {
    taste: null,
    history: emptyHistory(NOW),
    mode: 'blend',
    adventurous: 0,
    skipped: [],
    played: [],
    feedback: NO_FEEDBACK,
    titleOf: (id) => (id === 'seed' ? 'The Seed' : (titles.get(id) ?? id)),
    ...overrides,
  };
}

function event(
  track: string,
  minutesAgo: number,
  msPlayed: number,
  end: ListeningEvent['end'],
): ListeningEvent {
  return {
    track,
    session: 's-1',
    startedAt: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString(),
    msPlayed,
    durationMs: 200_000,
    end,
    source: { kind: 'radio' },
  };
}

describe('the collaborative weight', () => {
  it('is 0 for a cold track, whatever the session knows', () => {
    for (const sessionEvents of [0, 5, 50]) {
      expect(
        collaborativeWeight({
          mode: 'blend',
          sessionEvents,
          profileEvents: 100,
          trackEvidence: 0,
          adventurous: 0,
        }),
      ).toBe(0);
    }
  });

  it('grows with the session and the track evidence, up to W_MAX', () => {
    const w = (sessionEvents: number, trackEvidence: number, profileEvents = 0) =>
      collaborativeWeight({
        mode: 'blend',
        sessionEvents,
        profileEvents,
        trackEvidence,
        adventurous: 0,
      });
    expect(w(0, 1)).toBeLessThan(w(5, 1));
    expect(w(0, 1)).toBeLessThan(w(0, 1, 50));
    expect(w(5, 1)).toBeLessThan(w(5, 10));
    expect(w(1000, 1e6)).toBeLessThanOrEqual(W_MAX);
    expect(w(1000, 1e6)).toBeGreaterThan(0.8 * W_MAX);
  });

  it('is 0 in audio mode and 1 (for a known track) in cf mode; adventurous lowers it', () => {
    const input = { sessionEvents: 4, profileEvents: 0, trackEvidence: 4, adventurous: 0 };
    expect(collaborativeWeight({ ...input, mode: 'audio' })).toBe(0);
    expect(collaborativeWeight({ ...input, mode: 'cf' })).toBe(1);
    expect(collaborativeWeight({ ...input, mode: 'blend', adventurous: 1 })).toBeLessThan(
      collaborativeWeight({ ...input, mode: 'blend' }),
    );
  });

  it('places the audio term at the setting’s target distance', () => {
    const range = { low: 0.2, high: 0.9 };
    expect(audioTerm(0.9, range, 0)).toBe(1);
    expect(audioTerm(0.2, range, 0)).toBe(0);
    expect(audioTerm(0.48, range, 1)).toBeCloseTo(1, 5);
    expect(audioTerm(0.9, range, 1)).toBeLessThan(audioTerm(0.48, range, 1));
  });
});

describe('the two sides on one scale', () => {
  it('estimates the audio side from the profile’s acceptance of new suggestions', () => {
    expect(audioEstimate(0.5, 0.5, 0.3)).toBeCloseTo(0.5, 5);
    expect(audioEstimate(1, 0.5, 0.3)).toBeCloseTo(0.7, 5);
    expect(audioEstimate(1, 0.2, 0)).toBeLessThan(audioEstimate(1, 0.2, 0.5));
    expect(audioEstimate(1, 0.2, 1)).toBeCloseTo(audioEstimate(1, 0.5, 1), 5);
  });

  it('calibrates NeuMF’s squeezed probabilities on the heard tracks, keeping its order', () => {
    // Early on NeuMF gives the tracks the person finished 0.43 and the ones they skipped 0.35.
    const ids = Array.from({ length: 12 }, (_, i) => `ffffffffffffff${String(i + 10)}`);
    const heard = ids.map((id, i) =>
      i < 6 ? event(id, 100 + i, 200_000, 'finished') : event(id, 100 + i, 5_000, 'next'),
    );
    const history = listeningHistory(heard, NOW);
    const scores = new Map(ids.map((id, i) => [id, i < 6 ? 0.43 : 0.35]));
    const calibration = calibrate(scores, history.tracks);
    expect(calibrated(calibration, 0.43)).toBeGreaterThan(0.8);
    expect(calibrated(calibration, 0.35)).toBeLessThan(0.2);
    expect(calibrated(calibration, 0.4)).toBeGreaterThan(calibrated(calibration, 0.38));
    // Six of twelve finished, one success and one failure assumed.
    expect(calibration.base).toBeCloseTo(0.5, 5);
    // Nothing heard among the candidates: NeuMF's probabilities stand.
    expect(calibrate(scores, new Map())).toEqual(IDENTITY);
    expect(calibrated(IDENTITY, 0.3)).toBeCloseTo(0.3, 5);
  });

  it('never turns NeuMF’s order round: against the outcomes, its evidence is flat', () => {
    const ids = Array.from({ length: 8 }, (_, i) => `ffffffffffffff${String(i + 20)}`);
    const history = listeningHistory(
      ids.map((id, i) =>
        i < 4 ? event(id, 100 + i, 200_000, 'finished') : event(id, 100 + i, 5_000, 'next'),
      ),
      NOW,
    );
    // The tracks finished get the lower probabilities.
    const scores = new Map(ids.map((id, i) => [id, i < 4 ? 0.1 : 0.9]));
    const calibration = calibrate(scores, history.tracks);
    expect(calibration.a).toBe(0);
    expect(calibrated(calibration, 0.1)).toBeCloseTo(calibrated(calibration, 0.9), 10);
  });

  it('combines the two sides as experts: both liking a track beats NeuMF alone', () => {
    expect(combine(0.6, null, 0.9, 0.5)).toBe(0.6);
    expect(combine(0.6, 0.95, 0, 0.5)).toBe(0.6);
    // NeuMF at the base rate says nothing.
    expect(combine(0.6, 0.5, 0.9, 0.5)).toBeCloseTo(0.6, 10);
    const both = combine(0.8, 0.95, 0.9, 0.5);
    const neumfOnly = combine(0.3, 0.95, 0.9, 0.5);
    expect(both).toBeGreaterThan(neumfOnly);
    expect(neumfOnly).toBeGreaterThan(0.3);
    // However sure NeuMF is, the sound still orders the tracks it likes equally.
    expect(combine(0.8, 0.999, 0.95, 0.5)).toBeGreaterThan(combine(0.3, 0.999, 0.95, 0.5));
    expect(combine(0.6, 0.05, 0.9, 0.5)).toBeLessThan(0.6);
  });

  it('localises the acceptance: unknown tracks near finished ones beat those near skipped ones', () => {
    const a = unitVector(random);
    const b = unitVector(random);
    const liked = snapshotTrack('liked', a);
    const nearLiked = snapshotTrack('near-liked', jitter(a, 0.1, random));
    const disliked = snapshotTrack('disliked', b);
    const nearDisliked = snapshotTrack('near-disliked', jitter(b, 0.1, random));
    const history = listeningHistory(
      [
        event(liked.track.id, 100, 200_000, 'finished'),
        event(disliked.track.id, 90, 5_000, 'next'),
      ],
      NOW,
    );
    const pool = [liked, nearLiked, disliked, nearDisliked];
    const [ofLiked, ofNearLiked, ofDisliked, ofNearDisliked] = localAcceptance(
      pool,
      [1, 1, 1, 1],
      history.tracks,
      0.5,
    );
    expect(ofNearLiked).toBeGreaterThan(0.6);
    expect(ofNearDisliked).toBeLessThan(0.4);
    // A heard track's own outcome is left out: "liked" is judged by its neighbours.
    expect(ofLiked).toBeLessThan(ofNearLiked ?? 0);
    expect(ofDisliked).toBeGreaterThan(ofNearDisliked ?? 1);
    // Nothing heard: the prior.
    expect(localAcceptance(pool, [1, 1, 1, 1], new Map(), 0.3)).toEqual([0.3, 0.3, 0.3, 0.3]);
  });

  it('counts what this session finished or skipped, wherever it lies, more than older listens', () => {
    const a = unitVector(random);
    const b = unitVector(random);
    const nearA = snapshotTrack('near-a', jitter(a, 0.1, random));
    const nearB = snapshotTrack('near-b', jitter(b, 0.1, random));
    // A week ago the person finished a track like B and skipped one like A; today the reverse.
    const oldA = snapshotTrack('old-a', jitter(a, 0.1, random));
    const oldB = snapshotTrack('old-b', jitter(b, 0.1, random));
    const history = listeningHistory(
      [
        event(oldA.track.id, 7 * 24 * 60, 5_000, 'next'),
        event(oldB.track.id, 7 * 24 * 60 - 5, 200_000, 'finished'),
      ],
      NOW,
    );
    const pool = [nearA, nearB, oldA, oldB];
    const today = [
      { vector: jitter(a, 0.1, random), outcome: 1 },
      { vector: jitter(b, 0.1, random), outcome: 0 },
    ];
    const [before, beforeB] = localAcceptance(pool, [1, 1, 1, 1], history.tracks, 0.5);
    const [after, afterB] = localAcceptance(pool, [1, 1, 1, 1], history.tracks, 0.5, today);
    expect(before).toBeLessThan(beforeB ?? 0);
    expect(after).toBeGreaterThan(afterB ?? 1);
    expect(after).toBeGreaterThan(0.5);
  });

  it('learns the acceptance of new suggestions from the latest first listens', () => {
    const suggested = (track: string, minutes: number, kind: 'play' | 'skip') => ({
      ...event(
        track,
        minutes,
        kind === 'play' ? 200_000 : 5_000,
        kind === 'play' ? 'finished' : 'next',
      ),
    });
    const picked = {
      ...event('ffffffffffffff01', 500, 200_000, 'finished'),
      source: { kind: 'library' as const },
    };
    const history = listeningHistory(
      [
        picked,
        suggested('ffffffffffffff02', 400, 'skip'),
        suggested('ffffffffffffff03', 300, 'skip'),
        suggested('ffffffffffffff02', 200, 'play'),
      ],
      NOW,
    );
    // Two suggested first listens, both skipped (the later play is not a first listen): 1/4.
    expect(history.newTrackAcceptance).toBeCloseTo(0.25, 5);
    expect(history.events).toBe(4);
  });
});

describe('scoring', () => {
  const labels = new Map([
    [near.track.id, 'disliked'],
    [mid.track.id, 'liked'],
  ]);

  it('ranks by sound alone without a taste, and names the seed with the similarity', () => {
    const ranked = scoreCandidates(context(), [far, mid, near], closeness);
    expect(ranked.map((r) => r.track.title)).toEqual(['near', 'mid', 'far']);
    for (const r of ranked) {
      expect(r.w).toBe(0);
      expect(r.cf).toBeNull();
      expect(r.why).toContain(`close to The Seed (similarity ${similarity(r).toFixed(2)})`);
      expect(r.reasons).toEqual([
        { kind: 'similar', to: 'seed', value: similarity(r), rank: 1 },
        { kind: 'new' },
      ]);
    }
  });

  it('gives cold tracks w = 0 and a null cf while known ones blend', () => {
    const taste = new TableTaste({ labels }, new Set(['liked']), 6);
    const ranked = scoreCandidates(context({ taste }), [far, mid, near], closeness);
    const byTitle = new Map(ranked.map((r) => [r.track.title, r]));
    expect(byTitle.get('far')?.w).toBe(0);
    expect(byTitle.get('far')?.cf).toBeNull();
    expect(byTitle.get('mid')?.w).toBeGreaterThan(0.3);
    expect(byTitle.get('mid')?.cf).toBe(0.9);
    // The session likes "mid" and not "near": the blend puts mid first, as audio alone would not.
    expect(ranked[0]?.track.title).toBe('mid');
    // Six events of this session were folded in: the verdict is this session's.
    expect(byTitle.get('mid')?.why).toContain('fits this session (90 % likely to be finished)');
    expect(byTitle.get('mid')?.reasons).toContainEqual(
      expect.objectContaining({ kind: 'taste', value: 0.9, session: 6 }),
    );
  });

  it('never speaks of this session before the session has said anything', () => {
    const taste = new TableTaste({ labels }, new Set(['liked']), 1);
    const [first] = scoreCandidates(context({ taste }), [mid], closeness);
    expect(first?.why).toContain('fits your listening (90 % likely to be finished)');
    expect(first?.why).not.toContain('session');
  });

  it('takes points off tracks skipped or played lately, and says so', () => {
    const history = listeningHistory(
      [event(near.track.id, 60, 5_000, 'next'), event(mid.track.id, 10, 200_000, 'finished')],
      NOW,
    );
    const ranked = scoreCandidates(context({ history }), [near, mid, far], closeness);
    const byTitle = new Map(ranked.map((r) => [r.track.title, r]));
    // Without a taste the score is the audio estimate less the penalties. (The history also
    // moves the audio side, through the local acceptance, so the penalty is read off the
    // same scoring rather than against one without history.)
    const penalty = (title: string) =>
      (byTitle.get(title)?.audio ?? NaN) - (byTitle.get(title)?.score ?? NaN);
    expect(penalty('near')).toBeGreaterThan(0.3);
    expect(byTitle.get('near')?.why).toContain('skipped 1 h ago');
    expect(penalty('mid')).toBeGreaterThan(0.2);
    expect(byTitle.get('mid')?.why).toContain('played 10 min ago');
    expect(penalty('far')).toBe(0);
  });

  it('moves the skipped track’s audio neighbours down', () => {
    // Two tracks as close to the seed as each other; the skipped one is a twin of the first.
    const twin = titled(snapshotTrack('twin', jitter(seed, 0.3, random)));
    const other = titled(snapshotTrack('other', jitter(seed, 0.3, random)));
    const skipped = titled(snapshotTrack('skipped', jitter(twin.vector, 0.05, random)));
    const before = scoreCandidates(context(), [twin, other, far], closeness);
    const after = scoreCandidates(context({ skipped: [skipped] }), [twin, other, far], closeness);
    const scoreOf = (list: typeof before, title: string) =>
      list.find((r) => r.track.title === title)?.score ?? NaN;
    const drop = (title: string) => scoreOf(before, title) - scoreOf(after, title);
    expect(drop('twin')).toBeGreaterThan(drop('other'));
    expect(drop('other')).toBeGreaterThanOrEqual(drop('far'));
    expect(drop('far')).toBeLessThan(0.05);
    expect(after.map((r) => r.track.title).indexOf('twin')).toBeGreaterThan(
      after.map((r) => r.track.title).indexOf('other'),
    );
    expect(after.find((r) => r.track.title === 'twin')?.why).toContain(
      'moved down: close to skipped, skipped in this session',
    );
  });

  it('prefers farther tracks when adventurous', () => {
    const familiar = scoreCandidates(context({ adventurous: 0 }), [near, mid, far], closeness);
    const adventurous = scoreCandidates(context({ adventurous: 1 }), [near, mid, far], closeness);
    expect(familiar[0]?.track.title).toBe('near');
    expect(adventurous[0]?.track.title).not.toBe('near');
  });

  it('says when a track is usually finished in the evening', () => {
    // Local evening hours, whatever the time zone the tests run in.
    const evening = (day: number) => new Date(2026, 10, day, 20, 30).toISOString();
    const events = [20, 21, 22].map((day) => ({
      ...event(mid.track.id, 0, 200_000, 'finished' as const),
      startedAt: evening(day),
    }));
    const history = listeningHistory(events, new Date(2026, 10, 26, 12));
    const [scored] = scoreCandidates(context({ history }), [mid], closeness);
    expect(scored?.why).toContain('you usually finish it in evening sessions');
  });
});
