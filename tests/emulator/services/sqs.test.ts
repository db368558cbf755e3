import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator/api.ts';
import { startEmulator } from '../../../emulator/server.ts';
import { clientConfig, OTHER_ACCOUNT, otherAccount, richSnapshot } from '../support.ts';

describe('the emulated SQS', () => {
  let emulator: Emulator;
  let sqs: SQSClient;
  let queue = 0;

  beforeAll(async () => {
    emulator = await startEmulator({ accounts: [richSnapshot(), otherAccount()] });
    sqs = new SQSClient(clientConfig(emulator));
  });
  afterAll(() => emulator.close());

  /** A new FIFO queue per test, so that tests do not see each other's messages. */
  const fifoQueue = async (attributes: Record<string, string> = {}) => {
    queue += 1;
    const out = await sqs.send(
      new CreateQueueCommand({
        QueueName: `scans-${queue}.fifo`,
        Attributes: { FifoQueue: 'true', ...attributes },
      }),
    );
    return out.QueueUrl ?? '';
  };

  const send = (QueueUrl: string, body: string, group: string, dedup = body) =>
    sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: body,
        MessageGroupId: group,
        MessageDeduplicationId: dedup,
      }),
    );

  const receive = async (QueueUrl: string, max = 10) =>
    (
      await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl,
          MaxNumberOfMessages: max,
          MessageSystemAttributeNames: ['All'],
        }),
      )
    ).Messages ?? [];

  it('creates a FIFO queue idempotently and finds it by name', async () => {
    // Prepare
    const first = await sqs.send(
      new CreateQueueCommand({ QueueName: 'named.fifo', Attributes: { FifoQueue: 'true' } }),
    );

    // Act
    const again = await sqs.send(
      new CreateQueueCommand({ QueueName: 'named.fifo', Attributes: { FifoQueue: 'true' } }),
    );
    const found = await sqs.send(new GetQueueUrlCommand({ QueueName: 'named.fifo' }));

    // Assess
    expect(again.QueueUrl).toBe(first.QueueUrl);
    expect(found.QueueUrl).toBe(first.QueueUrl);
    expect(first.QueueUrl).toMatch(
      /^https:\/\/sqs\.us-east-1\.amazonaws\.com\/\d{12}\/named\.fifo$/,
    );
  });

  it.each([
    ['a FIFO queue without the .fifo suffix', 'plain', { FifoQueue: 'true' }],
    ['a standard queue with the .fifo suffix', 'odd.fifo', {}],
  ])('refuses %s', async (_name, QueueName, Attributes) => {
    // Act
    const result = sqs.send(new CreateQueueCommand({ QueueName, Attributes }));

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('hands out the messages of one group in order, and none while one is in flight', async () => {
    // Prepare
    const url = await fifoQueue();
    await send(url, 'a1', 'a');
    await send(url, 'a2', 'a');
    await send(url, 'b1', 'b');

    // Act
    const first = await receive(url, 1);
    const whileInFlight = await receive(url);

    // Assess
    expect(first.map((m) => m.Body)).toEqual(['a1']);
    expect(whileInFlight.map((m) => m.Body)).toEqual(['b1']);
  });

  it('hands out the next message of a group once the previous one is deleted', async () => {
    // Prepare
    const url = await fifoQueue();
    await send(url, 'a1', 'a');
    await send(url, 'a2', 'a');
    const [first] = await receive(url, 1);

    // Act
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first?.ReceiptHandle }),
    );
    const next = await receive(url);

    // Assess
    expect(next.map((m) => m.Body)).toEqual(['a2']);
    expect(next[0]?.Attributes).toMatchObject({
      MessageGroupId: 'a',
      ApproximateReceiveCount: '1',
    });
  });

  it('hands a message out again after its visibility ends, with a new receipt handle and count', async () => {
    // Prepare
    const url = await fifoQueue();
    await send(url, 'a1', 'a');
    const [first] = await receive(url);

    // Act
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: url,
        ReceiptHandle: first?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const [again] = await receive(url);

    // Assess
    expect(again?.Body).toBe('a1');
    expect(again?.ReceiptHandle).not.toBe(first?.ReceiptHandle);
    expect(again?.Attributes?.ApproximateReceiveCount).toBe('2');
  });

  it('keeps a message in flight for the visibility timeout of the receive', async () => {
    // Prepare
    const url = await fifoQueue({ VisibilityTimeout: '30' });
    await send(url, 'a1', 'a');
    await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 1, MaxNumberOfMessages: 1 }),
    );

    // Act
    const during = await receive(url);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const after = await receive(url);

    // Assess
    expect(during).toEqual([]);
    expect(after.map((m) => m.Body)).toEqual(['a1']);
  });

  it('accepts a repeated deduplication ID within 5 minutes without delivering it twice', async () => {
    // Prepare
    const url = await fifoQueue();
    const sent = await send(url, 'scan', 'a', 'tick-1');

    // Act
    const repeated = await send(url, 'scan again', 'a', 'tick-1');
    const messages = await receive(url);

    // Assess
    expect(repeated.MessageId).toBe(sent.MessageId);
    expect(messages.map((m) => m.Body)).toEqual(['scan']);
  });

  it('answers MD5 digests that the SDK verifies', async () => {
    // Prepare
    const url = await fifoQueue();

    // Act
    const sent = await send(url, 'checksummed', 'a');
    const [message] = await receive(url);

    // Assess
    const digest = createHash('md5').update('checksummed').digest('hex');
    expect(sent.MD5OfMessageBody).toBe(digest);
    expect(message?.MD5OfBody).toBe(digest);
  });

  it.each([
    ['no message group', { MessageDeduplicationId: 'd' }, 'MissingParameter'],
    [
      'no deduplication ID without content-based deduplication',
      { MessageGroupId: 'g' },
      'InvalidParameterValue',
    ],
    [
      'a per-message delay',
      { MessageGroupId: 'g', MessageDeduplicationId: 'd', DelaySeconds: 5 },
      'InvalidParameterValue',
    ],
  ])('refuses a FIFO message with %s', async (_name, fields, code) => {
    // Prepare
    const url = await fifoQueue();

    // Act
    const result = sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', ...fields }));

    // Assess
    await expect(result).rejects.toMatchObject({ name: code });
  });

  it('sends a batch entry by entry, reporting the refused entries', async () => {
    // Prepare
    const url = await fifoQueue();

    // Act
    const out = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'ok', MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: '1' },
          { Id: 'no-group', MessageBody: 'y', MessageDeduplicationId: '2' },
        ],
      }),
    );

    // Assess
    expect(out.Successful?.map((s) => s.Id)).toEqual(['ok']);
    expect(out.Failed).toEqual([
      expect.objectContaining({ Id: 'no-group', Code: 'MissingParameter', SenderFault: true }),
    ]);
  });

  it('refuses a batch of more than 10 entries', async () => {
    // Prepare
    const url = await fifoQueue();
    const Entries = Array.from({ length: 11 }, (_, i) => ({
      Id: `e${i}`,
      MessageBody: 'x',
      MessageGroupId: 'g',
      MessageDeduplicationId: `${i}`,
    }));

    // Act
    const result = sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries }));

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'TooManyEntriesInBatchRequest' });
  });

  it('moves a message received maxReceiveCount times to the dead-letter queue', async () => {
    // Prepare
    const dlq = await fifoQueue();
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }),
    );
    const url = await fifoQueue({
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: Attributes?.QueueArn,
        maxReceiveCount: 2,
      }),
    });
    await send(url, 'poison', 'a');
    for (let i = 0; i < 2; i += 1) {
      const [message] = await receive(url);
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: message?.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    }

    // Act
    const third = await receive(url);
    const dead = await receive(dlq);

    // Assess
    expect(third).toEqual([]);
    expect(dead.map((m) => m.Body)).toEqual(['poison']);
  });

  it('deletes with the latest receipt handle only; an older one is a no-op', async () => {
    // Prepare
    const url = await fifoQueue();
    await send(url, 'a1', 'a');
    const [first] = await receive(url);
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: url,
        ReceiptHandle: first?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const [second] = await receive(url);

    // Act
    const stale = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: [{ Id: 'stale', ReceiptHandle: first?.ReceiptHandle }],
      }),
    );
    const staleLeft = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
    );
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: second?.ReceiptHandle }),
    );
    const left = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
    );

    // Assess
    expect(stale.Successful?.map((s) => s.Id)).toEqual(['stale']);
    expect(staleLeft.Attributes?.ApproximateNumberOfMessagesNotVisible).toBe('1');
    expect(left.Attributes).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
      FifoQueue: 'true',
    });
  });

  it.each<[string, (handles: { stale: string; other: string }) => string, number, string]>([
    [
      'a receipt handle that is not one',
      () => 'not-a-receipt-handle',
      60,
      'ReceiptHandleIsInvalid',
    ],
    ["another queue's receipt handle", ({ other }) => other, 60, 'ReceiptHandleIsInvalid'],
    ['an older receipt handle of the message', ({ stale }) => stale, 60, 'MessageNotInflight'],
    ['a negative timeout', () => '', -1, 'InvalidParameterValue'],
    ['a timeout above 12 hours', () => '', 43_201, 'InvalidParameterValue'],
  ])('refuses to change the visibility with %s', async (_name, handle, timeout, code) => {
    // Prepare: a message received twice (its first handle is stale), and another queue's message.
    const url = await fifoQueue();
    const otherUrl = await fifoQueue();
    await send(url, 'm', 'a');
    await send(otherUrl, 'o', 'a');
    const [first] = await receive(url);
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: url,
        ReceiptHandle: first?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const [latest] = await receive(url);
    const [other] = await receive(otherUrl);
    const receiptHandle =
      handle({ stale: first?.ReceiptHandle ?? '', other: other?.ReceiptHandle ?? '' }) ||
      latest?.ReceiptHandle;

    // Act
    const result = sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: url,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: timeout,
      }),
    );

    // Assess
    await expect(result).rejects.toMatchObject({ name: code });
  });

  it('changes the visibility with the latest receipt handle, counted from the call', async () => {
    // Prepare
    const url = await fifoQueue();
    await send(url, 'm', 'a');
    const [message] = await receive(url);

    // Act: the longest visibility the receive allows, then none.
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: url,
        ReceiptHandle: message?.ReceiptHandle,
        VisibilityTimeout: 43_000,
      }),
    );
    const hidden = await receive(url);
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: url,
        ReceiptHandle: message?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const visible = await receive(url);

    // Assess
    expect(hidden).toEqual([]);
    expect(visible.map((m) => m.Body)).toEqual(['m']);
  });

  it("answers another account's queue as absent", async () => {
    // Prepare
    const url = await fifoQueue();
    const sts = new STSClient(clientConfig(emulator));
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${OTHER_ACCOUNT}:role/x`,
        RoleSessionName: 'other-session',
      }),
    );
    const other = new SQSClient({
      ...clientConfig(emulator),
      credentials: {
        accessKeyId: Credentials?.AccessKeyId ?? '',
        secretAccessKey: Credentials?.SecretAccessKey ?? '',
        sessionToken: Credentials?.SessionToken,
      },
    });

    // Act
    const result = other.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'x',
        MessageGroupId: 'g',
        MessageDeduplicationId: 'd',
      }),
    );

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'QueueDoesNotExist' });
  });
});
