#!/usr/bin/env node
// `npm start`: its built JavaScript, or its TypeScript sources after an edit (bin/launch.js).
import { load } from './launch.js';

const { startFromProcess } = await load('start', 'scripts/start.ts');
process.exitCode = await startFromProcess();
