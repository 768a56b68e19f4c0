#!/usr/bin/env node
/**
 * The `tracewire` executable. Sets the exit code rather than calling process.exit, so a long
 * report piped to a slow reader is written out in full; a reader that goes away (`| head`) ends
 * the process quietly.
 */
import { main } from './main';

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
