import { isAbsolute, relative } from 'node:path';

/** Whether `child` is `parent` or lies below it (both absolute and normalised). */
export function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
