/** axe-core over the rendered page, as the renderer's component tests run it. */
import axe from 'axe-core';

/** Serious and critical axe violations on the page (contrast needs layout: the e2e pass checks it). */
export async function axeViolations(): Promise<string[]> {
  const result = await axe.run(document.body, {
    resultTypes: ['violations'],
    rules: { 'color-contrast': { enabled: false } },
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
