/**
 * The bridge between the sandboxed renderer and the app: one named method per channel of the
 * contract, generated from its channel list, and `on(event, listener)`. It runs sandboxed, so it
 * is bundled to one CommonJS file and may only `require('electron')`. The IPC event object never
 * reaches the page (it carries `sender`, a way back into IPC).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { envelopeMethods } from '../shared/api-client';
import { isEventName, type ApiResult } from '../shared/api-contract';
import { appVersionFromArgv } from '../shared/app-info';
import { ipcEventChannel } from '../shared/ipc-names';
import type { DeepcutBridge } from './api';

const bridge: DeepcutBridge = {
  versions: {
    app: appVersionFromArgv(process.argv),
    electron: process.versions.electron,
    chrome: process.versions.chrome,
    node: process.versions.node,
  },
  ...envelopeMethods(
    (channel, arg) => ipcRenderer.invoke(channel, arg) as Promise<ApiResult<unknown>>,
  ),
  on(event, listener) {
    if (!isEventName(event)) throw new Error(`no such event: ${String(event)}`);
    const channel = ipcEventChannel(event);
    // Main sends each event's payload as the contract types it (shell/ipc.ts).
    const forward = (_event: IpcRendererEvent, payload: unknown): void =>
      listener(payload as Parameters<typeof listener>[0]);
    ipcRenderer.on(channel, forward);
    return () => void ipcRenderer.removeListener(channel, forward);
  },
};

contextBridge.exposeInMainWorld('deepcut', bridge);
