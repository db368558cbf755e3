// Security Hub's documented limits for finding providers ("BatchImportFindings for finding providers",
// Security Hub API rate limits); the two rates are the operations table's (lib/aws/operations.ts).
import { rateOf } from '../aws/operations.ts';

export const SECURITY_HUB_LIMITS = {
  findingsPerImport: 100,
  bytesPerImport: 6 * 1024 * 1024,
  batchImportFindings: rateOf('securityhub', 'BatchImportFindings'),
  getFindings: rateOf('securityhub', 'GetFindings'),
  getFindingsPageSize: 100,
  /** Values per string filter attribute. */
  filterValues: 20,
  /** Security Hub deletes findings that were not updated for 90 days. */
  retentionDays: 90,
} as const;
