/** What the end-to-end walks do to a page: axe checks, screenshots in both themes, API calls. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Where the walks' screenshots go (never committed). */
export const SCREENSHOTS = join(import.meta.dirname, '..', '..', '..', 'test-output', 'e2e');
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Serious or critical axe violations on the page, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) {
    // Evaluated through the DevTools protocol, which the page's CSP does not govern.
    await page.evaluate(await readFile(AXE_SOURCE, 'utf8'));
  }
  return page.evaluate(async () => {
    const { axe } = globalThis as unknown as {
      axe: Readonly<{ run: (o: RunOptions) => Promise<AxeResults> }>;
    };
    const result = await axe.run({ resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join(' | ')}`,
      );
  });
}

/** Screenshots the screen in both themes (`ui-<name>-<theme>.png`) and checks each with axe. */
export async function capture(page: Page, name: string): Promise<void> {
  for (const scheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(SCREENSHOTS, `ui-${name}-${scheme}.png`) });
    expect(await axeViolations(page), `${name} (${scheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'dark' });
}

/** Calls a channel of the web API from the page (with its cookie), as the renderer does. */
export async function call<T>(page: Page, channel: string, arg: unknown): Promise<T> {
  return page.evaluate(
    async ([c, a]) => {
      const response = await fetch(`/api/${c}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(a),
      });
      const reply = (await response.json()) as {
        ok: boolean;
        value: unknown;
        error?: { message: string };
      };
      if (!reply.ok) throw new Error(reply.error?.message);
      return reply.value;
    },
    [channel, arg] as const,
  ) as Promise<T>;
}

/** Goes to a screen by the navigation rail. */
export const goTo = (page: Page, screen: string): Promise<void> =>
  page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen }).click();
