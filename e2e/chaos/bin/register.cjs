'use strict';
/**
 * Runs the workspace's TypeScript sources in a plain Node process, as jest runs them
 * (jest.config.js): swc compiles each .ts file to CommonJS when it is required, and @lexfin/*
 * resolves to libs/<name>/src. The chaos suite's service processes need no build, so they run
 * exactly the code the tests around them run.
 */
const Module = require('node:module');
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');

// Compiled files are kept by content, so a restarted process loads them without compiling again.
const cacheDir = join(tmpdir(), 'lexfin-chaos-swc');
mkdirSync(cacheDir, { recursive: true });

const root = join(__dirname, '..', '..', '..');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveWorkspaceSource(request, ...rest) {
  const workspace = /^@lexfin\/([a-z-]+)(?:\/(errors|business-dates))?$/.exec(request);
  if (workspace) {
    return join(root, 'libs', workspace[1], 'src', `${workspace[2] ?? 'index'}.ts`);
  }
  return resolveFilename.call(this, request, ...rest);
};
Module._extensions['.ts'] = (module, filename) => {
  const source = readFileSync(filename, 'utf8');
  const cached = join(cacheDir, createHash('sha1').update(filename).update(source).digest('hex'));
  let code;
  try {
    code = readFileSync(cached, 'utf8');
  } catch {
    code = transformSync(source, {
      filename,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    }).code;
    // Written whole, then renamed: a process starting beside this one never reads half a file.
    writeFileSync(`${cached}.${process.pid}`, code);
    renameSync(`${cached}.${process.pid}`, cached);
  }
  module._compile(code, filename);
};
