import { DescribeSubnetsResult$ } from '@aws-sdk/client-ec2';
import { DescribeSSLPoliciesOutput$ } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { escapeXml, xmlMembers } from '../../../emulator/protocols/xmlCodec.ts';

describe('xmlMembers', () => {
  it.each([
    [
      'EC2 members under their xmlName with `<item>` lists',
      DescribeSubnetsResult$,
      { Subnets: [{ SubnetId: 'subnet-1', Tags: [{ Key: 'a', Value: 'b' }] }], NextToken: 't' },
      '<nextToken>t</nextToken><subnetSet><item><tagSet><item><key>a</key><value>b</value></item></tagSet><subnetId>subnet-1</subnetId></item></subnetSet>',
    ],
    [
      'awsQuery members with `<member>` lists',
      DescribeSSLPoliciesOutput$,
      { SslPolicies: [{ Name: 'p', SslProtocols: ['TLSv1.2'] }] },
      '<SslPolicies><member><SslProtocols><member>TLSv1.2</member></SslProtocols><Name>p</Name></member></SslPolicies>',
    ],
  ])('writes %s', (_name, schema, value, xml) => {
    // Act
    const result = xmlMembers(schema, value);

    // Assess
    expect(result).toBe(xml);
  });
});

describe('escapeXml', () => {
  it('escapes markup and line breaks', () => {
    // Act
    const result = escapeXml(`<a href="x">&'\n`);

    // Assess
    expect(result).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&#x0A;');
  });
});
