/** The library scan as the screens see it: running or not, progress, how the last one ended. */
import { useCallback, useEffect, useState } from 'react';
import type { ScanState } from '../../../../shared/api-types';
import { useApi } from '../../lib/api';

const NOT_SCANNING: ScanState = { running: null, progress: null, last: null };

/** The scan's state, kept current from the engine's events, and the actions on it. */
export function useScan(): Readonly<{
  scan: ScanState;
  start: (folders?: readonly string[]) => Promise<void>;
  cancel: () => Promise<void>;
}> {
  const api = useApi();
  const [scan, setScan] = useState<ScanState>(NOT_SCANNING);

  useEffect(() => {
    let live = true;
    const offProgress = api.on('scan:progress', ({ scanId, progress }) =>
      setScan((s) => ({ ...s, running: scanId, progress })),
    );
    const offFinished = api.on('scan:finished', ({ scanId, outcome }) =>
      setScan((s) => ({ ...s, running: null, last: { scanId, outcome } })),
    );
    const offRestarted = api.on('engine:restarted', () => setScan(NOT_SCANNING));
    // A page opened (or reloaded) mid-scan picks the scan up where it is.
    api.scan
      .getState({})
      .then((state) => live && setScan((s) => (s.running === null ? state : s)))
      .catch(() => undefined);
    return () => {
      live = false;
      offProgress();
      offFinished();
      offRestarted();
    };
  }, [api]);

  const start = useCallback(
    async (folders?: readonly string[]) => {
      const { scanId } = await api.scan.start(folders === undefined ? {} : { folders });
      setScan((s) => ({ ...s, running: scanId, progress: null }));
    },
    [api],
  );
  const cancel = useCallback(async () => {
    await api.scan.cancel({});
  }, [api]);
  return { scan, start, cancel };
}
