/**
 * The contract's channels on Electron IPC: one `ipcMain.handle` per channel. Each call is checked
 * here before it goes anywhere: it must come from the app's own page, and its argument must match
 * the channel's schema. The native folder dialog is answered in main (it needs a window); every
 * other channel is relayed to the engine process, which validates again.
 */
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import {
  CHANNELS,
  type ApiEventName,
  type ApiEvents,
  type ApiResult,
  type Channel,
} from '../../shared/api-contract';
import { ipcEventChannel } from '../../shared/ipc-names';
import { parseArg } from '../engine-host/validate';
import { isAllowedNavigation } from './security';

/** Where main sends the calls it does not answer itself. */
export type EngineCalls = Readonly<{
  call: (channel: Channel, arg: unknown) => Promise<ApiResult<unknown>>;
}>;

/** Whether an IPC call comes from the app's own page (not a frame or page it navigated to). */
function fromAppPage(event: IpcMainInvokeEvent, appUrl: string): boolean {
  const url = event.senderFrame?.url;
  return url !== undefined && isAllowedNavigation(url, appUrl);
}

async function chooseFolder(
  event: IpcMainInvokeEvent,
): Promise<ApiResult<{ path: string | null }>> {
  const window = BrowserWindow.fromWebContents(event.sender);
  const options = { title: 'Choose a music folder', properties: ['openDirectory' as const] };
  const result = window
    ? await dialog.showOpenDialog(window, options)
    : await dialog.showOpenDialog(options);
  return { ok: true, value: { path: result.canceled ? null : (result.filePaths[0] ?? null) } };
}

/** Registers a handler for every channel of the contract. */
export function registerApiHandlers(engine: EngineCalls, appUrl: string): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, arg: unknown): Promise<ApiResult<unknown>> => {
      if (!fromAppPage(event, appUrl)) {
        return {
          ok: false,
          error: { code: 'bad-request', message: 'calls are taken only from the app page' },
        };
      }
      const parsed = parseArg(channel, arg);
      if (!parsed.ok) return parsed;
      if (channel === 'dialog:choose-folder') return chooseFolder(event);
      return engine.call(channel, parsed.value);
    });
  }
}

/** Sends an event to every window. */
export function broadcast<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void {
  for (const window of BrowserWindow.getAllWindows()) {
    if (!window.isDestroyed()) window.webContents.send(ipcEventChannel(event), payload);
  }
}
