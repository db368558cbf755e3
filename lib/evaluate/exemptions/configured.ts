// The exemptions file a scan config names (--exemptions, ECS_SCANNER_EXEMPTIONS_FILE), loaded and
// validated against every registered check ID; undefined when none is configured.
import type { ScanConfig } from '../../config.ts';
import { type ExemptionFile, loadExemptionsFile } from './file.ts';

export const loadConfiguredExemptions = async (
  config: Pick<ScanConfig, 'exemptionsFile'>,
  registeredCheckIds: ReadonlySet<string>,
): Promise<ExemptionFile | undefined> =>
  config.exemptionsFile ? loadExemptionsFile(config.exemptionsFile, registeredCheckIds) : undefined;
