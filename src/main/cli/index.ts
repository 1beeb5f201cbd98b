/** The `deepcut` command's process entry: signals and exit codes; the work is in runCli. */
import { exitQuietlyOnClosedPipe, exitWhenFlushed } from './io';
import { runCli } from './main';

const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  // The first Ctrl-C stops the scan after its current batch is stored; a second one is final.
  if (++interrupts > 1) process.exit(130);
  controller.abort();
});

exitQuietlyOnClosedPipe(process.stdout);
const code = await runCli(process.argv.slice(2), process, controller.signal);
await exitWhenFlushed(code);
