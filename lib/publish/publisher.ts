// Publishes one scope's findings to the Security Hub of the scanned account and region: a
// publication of one stage (publication.ts) that reads our ACTIVE findings in scope, sends only
// the difference and accounts for every failure.
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { PublishPlan } from './plan.ts';
import { type PublicationOptions, startPublication } from './publication.ts';
import type { ExistingFindings } from './read.ts';
import type { PublishScope } from './scope.ts';
import type { PublishSummary } from './summary.ts';

export interface PublishOptions
  extends Omit<PublicationOptions, 'accountId' | 'region' | 'existing'> {
  findings: readonly AwsSecurityFinding[];
  scope: PublishScope;
  /**
   * Our findings in scope, read beforehand with readExistingFindings (same client and scope);
   * default: read now. Throttled GetFindings attempts made before `publish` are not counted.
   */
  existing?: Promise<ExistingFindings>;
}

/** Publishes one scope's findings: a publication of one stage. */
export const publish = async (
  options: PublishOptions,
): Promise<PublishSummary & { plan: PublishPlan }> => {
  const publication = startPublication({
    ...options,
    accountId: options.scope.accountId,
    region: options.scope.region,
  });
  await publication.stage(options.findings, options.scope);
  return publication.finish();
};
