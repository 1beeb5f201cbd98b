import type { JSX } from 'react';
import type { ScanJobProgress, ScanState } from '../../../../shared/api-types';
import { formatCount } from '../../lib/format';

const JOB_LABELS = { scan: 'Scanning', 're-embed': 'Updating the audio model' };

/** "Scanning: 120 of 3,400 · about 80 s left", or what the last progress reached once done. */
function describe(progress: ScanJobProgress, running: boolean): string {
  if (progress.job === 'scan' && progress.phase === 'walk') {
    return `Looking for music: ${formatCount(progress.done)} files found`;
  }
  const count = `${formatCount(progress.done)} of ${formatCount(progress.total)}`;
  if (!running)
    return `${progress.job === 'scan' ? 'Scanned' : JOB_LABELS[progress.job]}: ${count}`;
  const eta =
    progress.etaSeconds === null ? '' : ` · about ${Math.ceil(progress.etaSeconds)} s left`;
  return `${JOB_LABELS[progress.job]}: ${count}${eta}`;
}

/** The running scan's progress bar (count, ETA, current file), or how the last scan ended. */
export function ScanBanner(
  props: Readonly<{ scan: ScanState; onCancel: () => void }>,
): JSX.Element | null {
  const { running, progress, last } = props.scan;
  if (running === null && last === null) return null;
  const outcome = running === null ? last?.outcome : undefined;
  return (
    <section className="scan-banner" aria-label="Library scan">
      {progress !== null && (
        <div className="scan-progress">
          <span>{describe(progress, running !== null)}</span>
          <progress
            aria-label="Scan progress"
            max={Math.max(1, progress.total)}
            // No value while the files are still being counted: an indeterminate bar.
            value={progress.phase === 'walk' ? undefined : progress.done}
            data-done={progress.done}
            data-total={progress.total}
          />
          {running !== null && progress.current !== null && (
            <span className="muted current-file" title={progress.current}>
              {progress.current}
            </span>
          )}
        </div>
      )}
      {running !== null && progress === null && <span>Starting the scan…</span>}
      {running !== null && (
        <button type="button" onClick={props.onCancel}>
          Cancel scan
        </button>
      )}
      {outcome !== undefined && (
        <p role="status" data-testid="scan-outcome">
          {outcome.ok
            ? `Scan finished: ${formatCount(outcome.summary.tracks)} tracks in the library, ` +
              `${formatCount(outcome.summary.analysed)} analysed, ` +
              `${formatCount(outcome.summary.failed.length)} could not be read.`
            : outcome.error.message}
        </p>
      )}
    </section>
  );
}
