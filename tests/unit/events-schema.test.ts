import { describe, expect, it } from 'vitest';
import {
  describeIssues,
  eventDraftSchema,
  listeningEventSchema,
  profileNameSchema,
} from '../../src/shared/events';
import { makeEvent } from '../helpers/events';

/** The event with one field replaced, or removed when `value` is undefined. */
function withField(field: string, value: unknown): Record<string, unknown> {
  const event: Record<string, unknown> = { ...makeEvent() };
  if (value === undefined) delete event[field];
  else event[field] = value;
  return event;
}

const BAD: ReadonlyArray<readonly [field: string, value: unknown]> = [
  ['track', 'ABCDEF0123456789'],
  ['track', '0123456789abcde'],
  ['track', '0123456789abcdefa'],
  ['track', 1234],
  ['track', undefined],
  ['session', ''],
  ['session', 'a\nb'],
  ['session', ' padded'],
  ['session', 'x'.repeat(129)],
  ['session', 7],
  ['session', undefined],
  ['startedAt', 'yesterday'],
  ['startedAt', '2026-11-27T10:00:00'],
  ['startedAt', '2026-02-30T10:00:00Z'],
  ['startedAt', '2026-11-27'],
  ['startedAt', 1_764_237_600_000],
  ['startedAt', undefined],
  ['msPlayed', -1],
  ['msPlayed', 1.5],
  ['msPlayed', Number.NaN],
  ['msPlayed', Number.POSITIVE_INFINITY],
  ['msPlayed', '100'],
  ['msPlayed', undefined],
  ['durationMs', 0],
  ['durationMs', -200_000],
  ['durationMs', 200_000.5],
  ['durationMs', undefined],
  ['end', 'skipped'],
  ['end', undefined],
  ['source', 'library'],
  ['source', { kind: 'spotify' }],
  ['source', { kind: 'playlist', id: '' }],
  ['source', { kind: 'library', name: 'x' }],
  ['source', undefined],
];

describe('listening event schema', () => {
  it('accepts a valid event, with or without a source id or a zone offset', () => {
    const good = [
      makeEvent(),
      makeEvent({ msPlayed: 0, end: 'next' }),
      makeEvent({ startedAt: '2026-11-27T11:00:00.123+01:00' }),
      makeEvent({ source: { kind: 'radio', id: '0123456789abcdef' } }),
    ];
    for (const event of good) expect(listeningEventSchema.parse(event)).toEqual(event);
  });

  it.each(BAD)('refuses %s = %j, naming the field', (field, value) => {
    const result = listeningEventSchema.safeParse(withField(field, value));
    expect(result.success).toBe(false);
    if (!result.success) expect(describeIssues(result.error)).toMatch(new RegExp(`^${field}\\b`));
  });

  it('refuses unknown keys', () => {
    const result = listeningEventSchema.safeParse({ ...makeEvent(), rating: 5 });
    expect(result.success).toBe(false);
    if (!result.success) expect(describeIssues(result.error)).toContain('rating');
  });

  it('lets a draft leave the session out, and nothing else', () => {
    expect(eventDraftSchema.safeParse(withField('session', undefined)).success).toBe(true);
    expect(eventDraftSchema.safeParse(withField('track', undefined)).success).toBe(false);
    expect(eventDraftSchema.safeParse({ ...makeEvent(), extra: 1 }).success).toBe(false);
  });
});

describe('profile names', () => {
  it.each(['default', 'work', 'a-1', 'x'.repeat(32)])('accepts %s', (name) => {
    expect(profileNameSchema.safeParse(name).success).toBe(true);
  });
  it.each(['', 'Default', 'x'.repeat(33), '../etc', 'a b', 'a_b', 'é'])('refuses %j', (name) => {
    expect(profileNameSchema.safeParse(name).success).toBe(false);
  });
});
