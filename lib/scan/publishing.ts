// A scan's publishing: a publication per region, started as soon as the account is known (reading
// our findings while the scan collects when its scope does not depend on what it finds), and each
// region's last part published in the scope its request and its findings give.
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { Publication } from '../publish/publication.ts';
import type { PlannedSummary } from '../publish/summary.ts';
import type { ScanClients } from './clients.ts';
import type { Identity } from './identity.ts';
import type { ScanIo } from './ioModule.ts';
import { seesEveryService } from './partialView.ts';
import { lastScope, type RegionJudgement, stopIfAborted } from './region.ts';
import type { ScanDependencies, ScanRequest } from './request.ts';

/** Each region's publication (none when nothing is to be published), and whether it reads ahead. */
export const startPublications = (
  request: ScanRequest,
  deps: ScanDependencies,
  clients: ScanClients,
  identity: Identity,
  checkIds: readonly string[],
) => {
  const { accountId, partition } = identity;
  const publishing = (request.publish ?? 'none') !== 'none';
  // A scope that does not depend on what the scan finds is read while it collects.
  const readAhead =
    publishing && request.resourceScope !== 'listed' && seesEveryService(request.focus);
  const publications = new Map<string, Publication>();
  if (publishing) {
    for (const region of request.regions) {
      const publication = (deps.io as ScanIo).startPublication({
        client: clients.securityHub(region),
        accountId,
        region,
        partition,
        now: deps.clock.now(),
        refreshDays: deps.refreshDays,
        dryRun: request.publish === 'dry-run',
        logger: deps.logger,
        existing: readAhead ? { accountId, region, checkIds: [...checkIds] } : undefined,
      });
      publications.set(region, publication);
    }
  }
  return { readAhead, of: (region: string) => publications.get(region) };
};

/** The resources a region's publish may touch; undefined: every resource of its checks. */
const resourceArnsOf = async (
  request: ScanRequest,
  findings: readonly AwsSecurityFinding[],
  underPrefixes: () => Promise<string[]>,
): Promise<string[] | undefined> => {
  const listed = [
    ...(request.resourceArns ?? []),
    ...(request.resourcePrefixes?.length ? await underPrefixes() : []),
  ];
  // A focus judges what it leads to: the publish may touch those resources and the listed ones
  // (`listed`: only the listed ones and those under the prefixes). The all-services focus sees
  // every service, so its results are complete for the region.
  const judged = findings.flatMap((f) => (f.Resources?.[0]?.Id ? [f.Resources[0].Id] : []));
  const prefixes = request.resourcePrefixes ?? [];
  const underPrefix = judged.filter((arn) => prefixes.some((p) => arn.startsWith(p)));
  if (request.resourceScope === 'listed') return [...new Set([...listed, ...underPrefix])];
  if (request.focus && !request.focus.allServices) return [...new Set([...listed, ...judged])];
  return undefined;
};

export interface PublishedRegion {
  /** The resources the publish could touch; undefined: every resource of its checks. */
  resourceArns?: string[];
  publish?: PlannedSummary;
}

/** Publishes a region's last part (the only one, unless it was judged in stages). */
export const publishRegion = async (
  request: ScanRequest,
  deps: ScanDependencies,
  judgement: RegionJudgement,
  publication: Publication | undefined,
  { accountId, checkIds }: { accountId: string; checkIds: readonly string[] },
): Promise<PublishedRegion> => {
  const { findings } = judgement.last;
  const prefixes = request.resourcePrefixes ?? [];
  const resourceArns = await resourceArnsOf(request, findings, async () =>
    publication ? publication.resourcesUnder(checkIds, prefixes) : [],
  );
  if (!publication) return resourceArns ? { resourceArns } : {};
  await stopIfAborted(
    request.signal,
    `before publishing ${accountId} ${judgement.region}`,
    judgement.publishedChecks,
    publication,
  );
  await publication.stage(findings, lastScope(judgement, resourceArns), {
    now: deps.clock.now(),
  });
  const { plan, ...summary } = await publication.finish();
  return {
    ...(resourceArns ? { resourceArns } : {}),
    publish: (deps.io as ScanIo).withPlanned(summary, plan),
  };
};
