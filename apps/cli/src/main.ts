#!/usr/bin/env node
import { processIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import { run } from './program.js';

// Ctrl-C once: stop starting parts, let the state file record what landed, exit 130.
// Ctrl-C twice: leave now (the state file is written atomically, so it is never half a file).
const interrupt = new AbortController();
// The command says what it is stopping (on its progress display, which owns the terminal).
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(EXIT.interrupted);
  interrupt.abort(new Error('Interrupted by SIGINT.'));
});

const code = await run(process.argv.slice(2), processIo(interrupt.signal));
process.exitCode = code;
