/** The labels file of an evaluation corpus: which tracks belong together. */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** The file in a corpus folder that labels its tracks. */
export const LABELS_FILE = 'labels.tsv';

/** One labelled track of a corpus. */
export type LabelledTrack = Readonly<{ path: string; label: string }>;

/** A labels file that cannot be used; the message names the file and the problem. */
export class LabelsError extends Error {
  override readonly name = 'LabelsError';
}

/**
 * Parses a tab-separated labels file: a header row naming a `path` column (relative to the
 * corpus folder) and a label column, `soundtrack` or else `label`; other columns are ignored.
 * Paths come back absolute, resolved against `corpusDir`.
 */
export function parseLabels(text: string, corpusDir: string): LabelledTrack[] {
  const [header, ...lines] = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const columns = (header ?? '').split('\t').map((c) => c.trim());
  const pathAt = columns.indexOf('path');
  const labelAt = columns.includes('soundtrack')
    ? columns.indexOf('soundtrack')
    : columns.indexOf('label');
  if (pathAt < 0 || labelAt < 0) {
    throw new LabelsError(
      `${LABELS_FILE} needs a header with "path" and "soundtrack" (or "label")`,
    );
  }
  return lines.map((line, i) => {
    const cells = line.split('\t');
    const path = cells[pathAt]?.trim() ?? '';
    const label = cells[labelAt]?.trim() ?? '';
    if (path === '' || label === '') {
      throw new LabelsError(`${LABELS_FILE} line ${i + 2} has no path or no label`);
    }
    return { path: resolve(corpusDir, path), label };
  });
}

/** Reads `<corpusDir>/labels.tsv`; see {@link parseLabels}. */
export async function readLabels(corpusDir: string): Promise<LabelledTrack[]> {
  const file = join(corpusDir, LABELS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new LabelsError(`cannot read ${file}: ${(error as Error).message}`);
  }
  return parseLabels(text, resolve(corpusDir));
}
