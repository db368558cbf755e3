// Rewrites the check catalogue in README.md from the check metadata.
import { readFileSync, writeFileSync } from 'node:fs';
import { checks } from '../checks/registry.ts';
import { withCatalogue } from '../lib/report/catalogue.ts';

const file = new URL('../README.md', import.meta.url);
writeFileSync(file, withCatalogue(readFileSync(file, 'utf8'), checks));
