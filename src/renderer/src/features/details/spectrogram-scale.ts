/**
 * The axes of a mel-spectrogram thumbnail. The engine's log-mel (src/main/engine/audio/mel.ts)
 * has 64 Slaney-scale bands over 0 – 11,025 Hz; a track of 24 s or more is analysed as three
 * 8 s excerpts centred at 25 %, 50 % and 75 % of its length, a shorter one whole.
 */

/** Highest frequency of the analysis (half of 22,050 Hz). */
export const NYQUIST_HZ = 11_025;
/** Seconds in each excerpt, and the track length below which the whole track is analysed. */
export const EXCERPT_SECONDS = 8;
export const WHOLE_BELOW_SECONDS = 24;
/** Where the excerpts are centred, as shares of the track. */
export const EXCERPT_CENTRES = [0.25, 0.5, 0.75] as const;

/** Slaney's mel scale: linear below 1 kHz, logarithmic above. */
export function hzToMel(hz: number): number {
  const linear = 200 / 3;
  if (hz < 1000) return hz / linear;
  return 1000 / linear + Math.log(hz / 1000) / (Math.log(6.4) / 27);
}

/**
 * Where a frequency sits among `bands` mel bands, as a share of the height from the bottom
 * (0: the lowest band's centre region, 1: the top).
 */
export function frequencyPosition(hz: number, bands: number): number {
  const step = hzToMel(NYQUIST_HZ) / (bands + 1);
  // Band b is centred on mel point b + 1.
  const band = hzToMel(hz) / step - 1;
  return Math.max(0, Math.min(1, (band + 0.5) / bands));
}

/** Frequencies labelled on the axis. */
export const FREQUENCY_TICKS = [
  { hz: 250, label: '250 Hz' },
  { hz: 1000, label: '1 kHz' },
  { hz: 2000, label: '2 kHz' },
  { hz: 4000, label: '4 kHz' },
  { hz: 8000, label: '8 kHz' },
] as const;

/** A labelled stretch of the time axis, as shares of the width. */
export type TimeSegment = Readonly<{
  from: number;
  to: number;
  label: string;
  ticks: readonly Readonly<{ at: number; label: string }>[];
}>;

/** The time axis for a track of `durationSec`: three excerpts, or the whole track. */
export function timeSegments(durationSec: number | null): TimeSegment[] {
  if (durationSec !== null && durationSec >= WHOLE_BELOW_SECONDS) {
    return EXCERPT_CENTRES.map((centre, i) => {
      const start = centre * durationSec - EXCERPT_SECONDS / 2;
      const from = i / 3;
      const to = (i + 1) / 3;
      return {
        from,
        to,
        label: `at ${Math.round(centre * 100)} %`,
        ticks: [
          { at: from, label: clock(start) },
          { at: (from + to) / 2, label: clock(start + EXCERPT_SECONDS / 2) },
        ],
      };
    });
  }
  const length = durationSec ?? 0;
  const ticks = [0, 0.25, 0.5, 0.75].map((share) => ({ at: share, label: clock(share * length) }));
  return [{ from: 0, to: 1, label: 'whole track', ticks }];
}

function clock(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** A colour for a thumbnail value 0 … 255: dark blue through magenta to pale yellow (magma-like). */
export function heatColour(value: number): readonly [number, number, number] {
  const stops: readonly (readonly [number, number, number])[] = [
    [4, 4, 20],
    [60, 15, 110],
    [150, 40, 125],
    [230, 85, 80],
    [252, 180, 90],
    [252, 250, 190],
  ];
  const t = (Math.max(0, Math.min(255, value)) / 255) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(t));
  const f = t - i;
  const a = stops[i] ?? [0, 0, 0];
  const b = stops[i + 1] ?? a;
  return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])];
}
