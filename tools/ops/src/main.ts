import { CommanderError } from 'commander';
import { processIo } from './io';
import { opsProgram } from './program';

const io = processIo();
opsProgram(io, (code) => {
  process.exitCode = code;
})
  .parseAsync(process.argv)
  .then(() => process.exit())
  .catch((error: Error) => {
    // Commander has printed usage errors and help itself.
    if (error instanceof CommanderError) process.exit(error.exitCode);
    io.out(`ops: ${error.message}`);
    process.exit(1);
  });
