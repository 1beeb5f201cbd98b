/**
 * XML read with saxes (strict, streaming) into element callbacks with the line each element
 * starts on, for the library formats (iTunes' plist, Rhythmbox's rhythmdb). A malformed file
 * stops with saxes' message and line.
 */
import { SaxesParser } from 'saxes';
import { HistoryFormatError } from './history-entry';

/** What the reader reports: an element opened, text inside it, an element closed. */
export type XmlHandlers = Readonly<{
  open: (name: string, line: number, attributes: Readonly<Record<string, string>>) => void;
  text: (text: string) => void;
  close: (name: string) => void;
}>;

/** Reads `text` as XML, calling the handlers in document order. */
export function readXml(text: string, handlers: XmlHandlers): void {
  const parser = new SaxesParser();
  let failure: HistoryFormatError | null = null;
  parser.on('error', (error) => {
    // The message already says where ("1:23: ..."); the line is kept for the caller too.
    failure ??= new HistoryFormatError(`not well-formed XML: ${error.message}`, parser.line);
  });
  parser.on('opentag', (tag) =>
    handlers.open(tag.name, parser.line, tag.attributes as Record<string, string>),
  );
  parser.on('text', (t) => handlers.text(t));
  parser.on('cdata', (t) => handlers.text(t));
  parser.on('closetag', (tag) => handlers.close(tag.name));
  try {
    parser.write(text.replace(/^\uFEFF/, '')).close();
  } catch (error) {
    if (error instanceof HistoryFormatError) throw error;
    failure ??= new HistoryFormatError(
      `not well-formed XML: ${(error as Error).message}`,
      parser.line,
    );
  }
  if (failure !== null) throw failure;
}
