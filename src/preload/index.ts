/**
 * The bridge between the sandboxed renderer and the app. It runs sandboxed, so it is bundled to
 * one CommonJS file and may only `require('electron')`.
 */
import { contextBridge } from 'electron';
import { appVersionFromArgv } from '../shared/app-info';
import type { DeepcutApi } from './api';

const api: DeepcutApi = {
  versions: {
    app: appVersionFromArgv(process.argv),
    electron: process.versions.electron,
    chrome: process.versions.chrome,
    node: process.versions.node,
  },
};

contextBridge.exposeInMainWorld('deepcut', api);
