/** The renderer's API inside the Electron app: the preload's bridge, unwrapped. */
import { callByName, valueMethods, type Api } from '../../../shared/api-client';
import { MEDIA_HOST, type ApiResult } from '../../../shared/api-contract';
import { ARTWORK_HOST } from '../../../shared/api-contract-media';
import { MEDIA_SCHEME } from '../../../shared/app-info';
import type { DeepcutBridge } from '../../../preload/api';

/** The API over `window.deepcut`. */
export function electronApi(bridge: DeepcutBridge): Api {
  return {
    ...valueMethods(
      (channel, arg) => callByName(bridge, channel, arg) as Promise<ApiResult<unknown>>,
    ),
    on: (event, listener) => bridge.on(event, listener),
    mediaUrl: (trackId) => `${MEDIA_SCHEME}://${MEDIA_HOST}/${encodeURIComponent(trackId)}`,
    artworkUrl: (trackId, size) =>
      `${MEDIA_SCHEME}://${ARTWORK_HOST}/${encodeURIComponent(trackId)}?size=${size}`,
  };
}
