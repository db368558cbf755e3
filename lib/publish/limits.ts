// Security Hub's documented limits for finding providers ("BatchImportFindings for finding providers",
// Security Hub API rate limits).
export const SECURITY_HUB_LIMITS = {
  findingsPerImport: 100,
  bytesPerImport: 6 * 1024 * 1024,
  batchImportFindings: { ratePerSecond: 10, burst: 30 },
  getFindings: { ratePerSecond: 3, burst: 6 },
  getFindingsPageSize: 100,
  /** Values per string filter attribute. */
  filterValues: 20,
  /** Security Hub deletes findings that were not updated for 90 days. */
  retentionDays: 90,
} as const;
