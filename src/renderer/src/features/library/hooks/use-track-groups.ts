/** The groups of the library list sorted by album or artist (`library:list-groups`). */
import { useEffect, useState } from 'react';
import type { TrackGroup } from '../../../../../shared/api-contract-ui';
import { useApi } from '../../../lib/api';
import { messageOf } from '../../common/errors';
import type { GroupKey } from '../group-rows';
import type { TrackView } from './use-track-window';

// As for the rows: typing asks once per pause, not once per key.
const SEARCH_DELAY_MS = 150;

export type TrackGroups = Readonly<{
  /** The groups of the list in view, null while they load or without grouping. */
  groups: readonly TrackGroup[] | null;
  error: string | null;
}>;

export function useTrackGroups(
  group: GroupKey | null,
  view: TrackView,
  revision: number,
): TrackGroups {
  const api = useApi();
  // Answers are kept with what they answer, so a stale one is never shown for a new view.
  const wanted = group === null ? null : `${group}\n${view.direction}\n${view.search}\n${revision}`;
  const [answer, setAnswer] = useState<TrackGroups & Readonly<{ key: string }>>({
    key: '',
    groups: null,
    error: null,
  });

  useEffect(() => {
    if (group === null || wanted === null) return;
    let current = true;
    const timer = setTimeout(
      () => {
        api.library
          .listGroups({ by: group, direction: view.direction, search: view.search })
          .then((groups) => current && setAnswer({ key: wanted, groups, error: null }))
          .catch(
            (caught: unknown) =>
              current && setAnswer({ key: wanted, groups: null, error: messageOf(caught) }),
          );
      },
      view.search === '' ? 0 : SEARCH_DELAY_MS,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, group, view.direction, view.search, wanted]);

  return answer.key === wanted ? answer : { groups: null, error: null };
}
