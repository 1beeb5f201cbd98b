/** A command line the CLI cannot take: one line on stderr and exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const HELP = `deepcut — offline music recommendation

Usage:
  deepcut scan <folder>... [--data DIR] [--ffmpeg PATH] [--json]
      Add music folders to the library and analyse new or changed files.
  deepcut status [--data DIR] [--json]
      Track counts, data folder, TF.js backend and model version.
  deepcut similar <track path or id> [-n 20] [--data DIR] [--json]
      The tracks that sound most alike, best first.

  deepcut events add --track <path|id> --ms-played N [--end finished|next|previous|stopped|quit|error]
                    [--at ISO-time] [--session S] [--duration-ms N] [--source kind[:id]] [--json]
      Record one listening event; it is on disk before the command returns.
  deepcut events import <file.jsonl> [--json]
      Add events, one JSON object per line with the same fields (track by id or path).
  deepcut events list [--json]
      Every recorded event with its signal (play, skip, partial, neutral).

  deepcut eval-cf --data <folder with loo.*.tsv> [--model neumf|gmf|mlp|itemknn|pop]
                  [--factors 8] [--epochs 20] [--pretrain N] [--json]
      Train and score a collaborative model on a leave-one-out split (NCF protocol).

  deepcut train-audio [--epochs N] [--data DIR] [--json]
      Fine-tune the audio model on this library's tracks, then re-embed the library.
  deepcut eval-audio --corpus <folder with labels.tsv> [--data DIR] [--json]
      Score the audio model (P@5, P@10, mAP of same-label retrieval) against MFCC and log-mel
      baselines and chance.

Options:
  --data DIR   where the library lives (default: DEEPCUT_DATA, else the OS app-data folder)
  --ffmpeg P   the ffmpeg binary to decode with (default: FFMPEG_PATH, else the bundled one)
  --profile P  the local listening profile (default: default)
  --json       one JSON value on stdout, nothing else
  -h, --help   this text

Environment: DEEPCUT_DATA, DEEPCUT_BACKEND (tensorflow|wasm|cpu), FFMPEG_PATH.
Exit codes: 0 done, 1 unexpected failure, 2 bad usage, missing folder, unwritable data folder
or unknown track.`;
