// The exemptions file a scan config names (--exemptions, ECS_SCANNER_EXEMPTIONS_FILE), loaded and
// validated against every registered check ID; undefined when none is configured.
import { checks } from '../../checks/registry.ts';
import type { ScanConfig } from '../config.ts';
import { type ExemptionFile, loadExemptionsFile } from './file.ts';

export const REGISTERED_CHECK_IDS: ReadonlySet<string> = new Set(checks.map((c) => c.metadata.id));

export const loadConfiguredExemptions = async (
  config: Pick<ScanConfig, 'exemptionsFile'>,
): Promise<ExemptionFile | undefined> =>
  config.exemptionsFile
    ? loadExemptionsFile(config.exemptionsFile, REGISTERED_CHECK_IDS)
    : undefined;
