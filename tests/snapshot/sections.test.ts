import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import {
  ALL_SECTIONS,
  EXEMPTION_TAG_SECTIONS,
  emptyRegionSnapshot,
} from '../../lib/snapshot/sections.ts';

describe('the exemption tag sections', () => {
  it('are snapshot sections', () => {
    expect(ALL_SECTIONS).toEqual(expect.arrayContaining([...EXEMPTION_TAG_SECTIONS]));
  });

  it('are read by no check, so that failing to collect them makes no check NOT_AVAILABLE', () => {
    // Act
    const readers = checks.filter((check) =>
      check.metadata.inputs.some((input) =>
        (EXEMPTION_TAG_SECTIONS as readonly string[]).includes(input),
      ),
    );

    // Assess
    expect(readers.map((check) => check.metadata.id)).toEqual([]);
  });
});

describe('emptyRegionSnapshot', () => {
  it('has every section collected and empty, keyed sections as objects', () => {
    // Act
    const region = emptyRegionSnapshot();

    // Assess
    expect(region.elbv2?.tags).toEqual({});
    expect(region.elbv2?.rules).toEqual({});
    expect(region.ec2?.vpcs).toEqual([]);
    expect(region.appmesh?.tags).toEqual({});
    expect(region.appmesh?.meshes).toEqual([]);
  });
});
