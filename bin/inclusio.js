#!/usr/bin/env node
// The `inclusio` command. Node.js 24 runs the TypeScript sources directly.
import { runCli } from '../src/cli/main.ts';

const code = await runCli(process.argv.slice(2), {
  stdout: (data) => process.stdout.write(data),
  stderr: (text) => process.stderr.write(text),
});
process.exitCode = code;
