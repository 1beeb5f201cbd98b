/** Server-Sent Events: the web mode's way of pushing the API's events to open pages. */
import type { ServerResponse } from 'node:http';
import type { ApiEventName, ApiEvents } from '../../shared/api-contract';

// Proxies and browsers drop a silent connection; a comment line every 20 s keeps it open.
const HEARTBEAT_MS = 20_000;

/** Every open event stream; `send` writes to all of them. */
export class EventStreams {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat = setInterval(() => this.write(': ping\n\n'), HEARTBEAT_MS);

  constructor() {
    this.heartbeat.unref();
  }

  /** Turns a response into an event stream until the page goes away. */
  open(response: ServerResponse): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    // The browser reconnects by itself after this long if the server went away.
    response.write('retry: 2000\n\n');
    this.clients.add(response);
    response.on('close', () => this.clients.delete(response));
  }

  send<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void {
    this.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  }

  /** Ends every stream. */
  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private write(text: string): void {
    for (const client of this.clients) client.write(text);
  }
}
