'use strict';
/** `pnpm chaos --seed N --minutes M`: the fault suite's long run (e2e/chaos/main.ts). */
require('./register.cjs');
require('../main.ts');
