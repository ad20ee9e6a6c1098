#!/usr/bin/env node
// CommonJS (bin/package.json): Node starts a CommonJS entry without loading its ES module loader
require('../dist/cli/main.cjs');
