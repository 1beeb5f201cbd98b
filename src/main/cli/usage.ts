/** A command line the CLI cannot take: one line on stderr and exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const HELP = `deepcut — offline music recommendation

Usage:
  deepcut scan <folder>... [--train auto|never] [--data DIR] [--ffmpeg PATH] [--json]
      Add music folders to the library and analyse new or changed files. With --train auto,
      fine-tune the audio model afterwards once 50 tracks are new since the last training and
      the library has 100 (default: never; see train-audio).
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

  deepcut feedback love <track path|id> [--profile P] [--json]
  deepcut feedback ban <track path|id> | --artist NAME | --album NAME [--artist NAME]
  deepcut feedback clear <track path|id> | --artist NAME | --album NAME [--artist NAME]
      Love a track, or never play a track, an artist or an album again ("don't play this");
      clear undoes either. Love and ban teach the taste model at its next run.
  deepcut feedback list [--json]
      The standing loves and bans, newest first.

  deepcut import-history <file> [--format lastfm-csv|lastfm-json|listenbrainz|itunes-xml|rhythmbox-xml]
                        [--dry-run] [--profile P] [--json]
      Import plays from another app (Last.fm scrobbles, ListenBrainz, iTunes/Apple Music
      Library.xml, Rhythmbox rhythmdb.xml), matched to the library by artist and title; prints
      the match rate and unmatched entries. Importing the same file again adds nothing.

  deepcut eval-cf --data <folder with loo.*.tsv>
                  [--model neumf|gmf|mlp|hybrid|pop|itemknn|cosine|rp3beta|ease]
                  [--factors 8] [--epochs 20] [--pretrain N] [--json]
      Train and score a collaborative model on a leave-one-out split (NCF protocol).
  deepcut train-cf [--profile P] [--epochs N] [--data DIR] [--json]
      Learn NeuMF from the profile's plays and skips (sessions as users), starting from the
      last model; does nothing when no event is new. Ctrl-C keeps the previous model.

  deepcut train-audio [--epochs N] [--data DIR] [--json]
      Fine-tune the audio model on this library's tracks, then re-embed the library from the
      mel cache. Ctrl-C stops it; the next run resumes from the last finished epoch.
  deepcut eval-audio --corpus <folder with labels.tsv> [--data DIR] [--json]
      Score the audio model (P@5, P@10, mAP of same-label retrieval) against MFCC and log-mel
      baselines and chance.

  deepcut radio --seed <path|id>... [--artist NAME]... [--album NAME]... [-n 30] [--minutes M]
                [--adventurous 0..1] [--m3u FILE] [--save NAME] [--profile P] [--json]
      A playlist that sounds like the seeds, blended with what your sessions play (NeuMF);
      --adventurous 0 stays close and familiar, 1 goes further out.
  deepcut path --from <path|id> --to <path|id> [-n 12] [--m3u FILE] [--save NAME] [--json]
      n tracks from one to the other in small steps of sound, both ends included.
  deepcut mixes [-n 30] [--profile P] [--json]
      4 to 8 mixes of what you play (of the whole library before there is history).
  deepcut playlist list | show <name> | export <name> <file.m3u8> | import <file.m3u8> [--name N]
                   | delete <name> [--json]
      Saved playlists, and M3U8 export and import (unmatched entries are listed on stderr).

  deepcut repair [folder…] [--check] [--data DIR] [--json]
      Rebuild a damaged library database from the music files and the mel cache (tracks the
      cache holds are not decoded again); the damaged one is kept aside. Events and playlists
      are not touched. --check only reports (exit 2 when damaged).

  deepcut serve [--port P] [--host H] [--data DIR] [--json]
      The app in your browser: serves it on 127.0.0.1 and prints the address to open, with a
      one-time token. --host beyond this computer prints a warning. Needs \`npm run build\`.

Options:
  --data DIR   where the library lives (default: DEEPCUT_DATA, else the OS app-data folder)
  --ffmpeg P   the ffmpeg binary to decode with (default: FFMPEG_PATH, else the bundled one)
  --profile P  the local listening profile (default: default)
  --json       one JSON value on stdout, nothing else
  -h, --help   this text

Environment: DEEPCUT_DATA, DEEPCUT_BACKEND (tensorflow|wasm|cpu), FFMPEG_PATH.
Exit codes: 0 done, 1 unexpected failure, 2 bad usage, missing folder, unwritable data folder
or unknown track.`;
