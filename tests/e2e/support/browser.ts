/** Headless Chromium from the system (Debian's `chromium` package), driven by playwright-core. */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where Debian installs Chromium; CI installs it there (.ci/run). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Whether the end-to-end tests can run here. */
export const hasChromium = existsSync(CHROMIUM_PATH);

/** The message a skipped end-to-end test shows. */
export const NO_CHROMIUM = `skipped: ${CHROMIUM_PATH} is missing (apt-get install chromium)`;

/** A headless Chromium with no network of its own beyond the page's server. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      // The test clicks Play like a person, but a headless page has no real gesture history.
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}
