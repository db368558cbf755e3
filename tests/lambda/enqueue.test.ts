import { describe, expect, it } from 'vitest';
import {
  batchesOf,
  EnqueueError,
  enqueueScans,
  MAX_MESSAGE_BYTES,
  messageBytes,
} from '../../lib/lambda/enqueue.ts';
import type { ScanMessage } from '../../lib/lambda/events/scanMessage.ts';
import { DEPLOYMENT_ACCOUNT, drain, REGION, startBench } from '../handlers/support.ts';

/** A listed rescan of `count` services whose ARNs are `nameLength` characters long, about 2 × that per service. */
const rescan = (id: string, count: number, nameLength = 1900): ScanMessage => {
  const arns = Array.from(
    { length: count },
    (_, i) =>
      `arn:aws:ecs:${REGION}:${DEPLOYMENT_ACCOUNT}:service/c/${String(i).padStart(4, '0')}${'s'.repeat(nameLength)}`,
  );
  return {
    version: 1,
    trigger: 'on-demand',
    correlationId: id,
    accountId: DEPLOYMENT_ACCOUNT,
    region: REGION,
    focus: { services: arns.map((service) => ({ cluster: 'c', service })) },
    resourceArns: arns,
    resourceScope: 'listed',
  };
};

describe('batchesOf', () => {
  it.each<[string, number[], number[][]]>([
    [
      '25 small messages: by 10',
      Array(25).fill(100),
      [[10], [10], [5]].map(([n]) => Array(n).fill(100)),
    ],
    [
      'messages of 100 KiB: two a batch',
      Array(5).fill(102_400),
      [[102_400, 102_400], [102_400, 102_400], [102_400]],
    ],
    [
      'one message of exactly 256 KiB alone',
      [1, MAX_MESSAGE_BYTES, 1],
      [[1], [MAX_MESSAGE_BYTES], [1]],
    ],
    ['two halves of 256 KiB together', [131_072, 131_072], [[131_072, 131_072]]],
    ['nothing', [], []],
  ])('splits %s', (_name, sizes, expected) => {
    // Act
    const batches = batchesOf(sizes, (n) => n);

    // Assess
    expect(batches).toEqual(expected);
    expect(batches.flat()).toEqual(sizes);
  });
});

describe('enqueueScans', () => {
  it('sends scan requests of 100 KiB each in batches SQS accepts (256 KiB of bodies each)', async () => {
    // Prepare
    const bench = await startBench();
    const messages = ['a', 'b', 'c', 'd', 'e'].map((id) => rescan(id, 26));
    try {
      expect(messages.every((m) => messageBytes(m) > 90_000 && messageBytes(m) < 131_072)).toBe(
        true,
      );

      // Act
      const sent = await enqueueScans(bench.sqs, bench.queueUrl, messages);

      // Assess: the emulator refuses a batch over 256 KiB (BatchRequestTooLong), as SQS does.
      expect(sent).toBe(5);
      expect(bench.emulator.calls().sqs?.SendMessageBatch).toBe(3);
      const received = await drain(bench);
      expect(received.map((r) => JSON.parse(r.body).correlationId).sort()).toEqual([
        'a',
        'b',
        'c',
        'd',
        'e',
      ]);
    } finally {
      await bench.close();
    }
  });

  it('refuses a scan request larger than an SQS message, sending nothing', async () => {
    // Prepare
    const bench = await startBench();
    const messages = [rescan('small', 1), rescan('huge', 80)];
    try {
      expect(messageBytes(messages[1] as ScanMessage)).toBeGreaterThan(MAX_MESSAGE_BYTES);

      // Act
      const result = enqueueScans(bench.sqs, bench.queueUrl, messages);

      // Assess
      await expect(result).rejects.toThrow(EnqueueError);
      await expect(result).rejects.toThrow(
        `the scan request for ${DEPLOYMENT_ACCOUNT}:${REGION} is ${messageBytes(messages[1] as ScanMessage)} bytes, more than SQS's 262144: nothing was sent.`,
      );
      expect(bench.emulator.calls().sqs?.SendMessageBatch).toBeUndefined();
    } finally {
      await bench.close();
    }
  });
});
