'use strict';
/**
 * One service as its own process, as `node dist/main.js` runs it, from the TypeScript sources:
 * `node service.cjs <service>` (billing, trust-accounting, ..., gateway). CHAOS_WITHOUT_CONSUMERS=1
 * runs it with its consumers stopped (the suite's "consumer stopped" fault).
 */
require('./register.cjs');
const { join } = require('node:path');

const name = process.argv[2];
const exportName = `${name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase())}Service`;
const declaration = require(
  join(__dirname, '..', '..', '..', 'services', name, 'src', 'service.ts'),
)[exportName];
const { runService } = require('@lexfin/service-kit');
void runService(
  process.env.CHAOS_WITHOUT_CONSUMERS === '1' ? { ...declaration, consumers: [] } : declaration,
  { args: [] },
);
