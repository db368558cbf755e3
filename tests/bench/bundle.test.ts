import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker } from '../../bench/bundle.ts';

/**
 * An SDK package's aggregated client (`EC2.js`: every command of the service, with their schemas),
 * which no scanner module imports: a bundle holds it only when esbuild could not tree-shake the
 * package (a module reached through import()), and the bench then measured 48 MB more than the
 * deployed worker loads.
 */
const AGGREGATED_CLIENT =
  /node_modules\/@aws-sdk\/client-[^/]+\/dist-es\/(?![^/]*Client\.js$)[A-Z][^/]*\.js$/;

describe('the bench worker bundle', () => {
  let dir: string;
  /** The modules with code in the bundle (metafile.inputs also lists those tree-shaken away). */
  let inBundle: string[];

  beforeAll(async () => {
    // Prepare
    dir = await mkdtemp(join(tmpdir(), 'ecs-scanner-bench-bundle-'));
    // Act
    const { metafile } = await bundleWorker(dir);
    inBundle = Object.values(metafile.outputs).flatMap((output) =>
      Object.entries(output.inputs).flatMap(([path, input]) =>
        input.bytesInOutput > 0 ? [path] : [],
      ),
    );
  }, 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('holds the scan pipeline and the SDK clients it uses', () => {
    // Assess
    expect(inBundle).toContain('lib/scan/region.ts');
    expect(inBundle.some((path) => path.endsWith('client-ec2/dist-es/EC2Client.js'))).toBe(true);
  });

  it('is tree-shaken as the deployed worker is: no SDK package is kept whole', () => {
    // Assess
    const whole = inBundle.filter((path) => AGGREGATED_CLIENT.test(path));
    expect(whole).toEqual([]);
  });
});
