#!/usr/bin/env node
// The compiled CLI; `npm run build` (run by npm start and npm test) produces dist/.
import '../dist/src/cli/main.js';
