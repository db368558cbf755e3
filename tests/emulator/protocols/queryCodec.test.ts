import { DescribeVpcEndpoints$ } from '@aws-sdk/client-ec2';
import { DescribeTags$ } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { parseForm, readQuery } from '../../../emulator/protocols/queryCodec.ts';

describe('readQuery', () => {
  it.each([
    [
      'ec2Query `.N` lists and capitalised names',
      DescribeVpcEndpoints$[4],
      'Action=DescribeVpcEndpoints&VpcEndpointId.1=vpce-1&VpcEndpointId.2=vpce-2&Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-0abc&MaxResults=5',
      true,
      {
        VpcEndpointIds: ['vpce-1', 'vpce-2'],
        Filters: [{ Name: 'vpc-id', Values: ['vpc-0abc'] }],
        MaxResults: 5,
      },
    ],
    [
      'awsQuery `.member.N` lists',
      DescribeTags$[4],
      'Action=DescribeTags&Version=2015-12-01&ResourceArns.member.1=arn%3Aa&ResourceArns.member.2=arn%3Ab',
      false,
      { ResourceArns: ['arn:a', 'arn:b'] },
    ],
    [
      'an empty awsQuery list',
      DescribeTags$[4],
      'Action=DescribeTags&ResourceArns=',
      false,
      { ResourceArns: [] },
    ],
  ])('reads %s into the SDK input shape', (_name, schema, body, ec2, input) => {
    // Act
    const result = readQuery(schema, parseForm(body), { ec2 });

    // Assess
    expect(result).toEqual(input);
  });
});
