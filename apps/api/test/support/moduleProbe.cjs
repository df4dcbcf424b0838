// Preloaded with --require: writes every file the process loaded through require() to $PROBE_OUT at exit.
const fs = require('node:fs');
const Module = require('node:module');
const loaded = new Set();
const resolve = Module._resolveFilename;
Module._resolveFilename = function (...args) {
  const file = resolve.apply(this, args);
  loaded.add(file);
  return file;
};
process.on('exit', () => fs.writeFileSync(process.env.PROBE_OUT, JSON.stringify([...loaded])));
