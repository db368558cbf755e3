// Rewrites docs/checks.md from the check metadata.
import { writeFileSync } from 'node:fs';
import { checks } from '../checks/registry.ts';
import { CHECKS_DOC_PATH, renderChecksDoc } from '../lib/report/checksDoc.ts';

writeFileSync(new URL(`../${CHECKS_DOC_PATH}`, import.meta.url), renderChecksDoc(checks));
