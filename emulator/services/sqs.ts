// Amazon SQS (awsJson1_0, awsQuery-compatible): queues per account and region, standard and FIFO.
// FIFO as AWS documents it ("Amazon SQS FIFO queues"): a message group delivers in order and one
// message batch at a time (no message of a group is handed out while another of that group is in
// flight), MessageDeduplicationId (or the body's SHA-256 with ContentBasedDeduplication) drops
// repeats within 5 minutes, and a RedrivePolicy moves a message that was received maxReceiveCount
// times to the dead-letter queue. Visibility timeouts run on the wall clock; ChangeMessageVisibility
// with 0 makes a message visible again at once.
import { createHash, randomUUID } from 'node:crypto';
import {
  ChangeMessageVisibility$,
  CreateQueue$,
  DeleteMessage$,
  DeleteMessageBatch$,
  GetQueueAttributes$,
  GetQueueUrl$,
  ReceiveMessage$,
  SendMessage$,
  SendMessageBatch$,
} from '@aws-sdk/client-sqs';
import { awsJsonProtocol } from '../protocols/awsJson.ts';
import { DEFAULT_BUCKET, error, serviceErrors } from './common.ts';
import type { BucketSpec, CallContext, EmulatorState, Input, ServiceDefinition } from './types.ts';

/** AWS: a repeated deduplication ID within 5 minutes is accepted and not delivered. */
export const DEDUPLICATION_INTERVAL_MS = 5 * 60 * 1000;
const MAX_MESSAGE_BYTES = 262_144;
const MAX_BATCH_ENTRIES = 10;

interface StoredMessage {
  messageId: string;
  body: string;
  groupId?: string;
  deduplicationId?: string;
  sequenceNumber?: string;
  sentAt: number;
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  /** When the latest receive handed it out: its visibility ends at most 12 hours after. */
  receivedAt?: number;
  /** The receipt handle of the latest receive (only that one deletes or changes visibility). */
  receiptHandle?: string;
}

interface Queue {
  name: string;
  accountId: string;
  region: string;
  url: string;
  arn: string;
  fifo: boolean;
  contentBasedDeduplication: boolean;
  visibilityTimeout: number;
  redrive?: { deadLetterTargetArn: string; maxReceiveCount: number };
  attributes: Record<string, string>;
  messages: StoredMessage[];
  /** Deduplication ID → message ID and when it was sent. */
  deduplication: Map<string, { messageId: string; at: number }>;
  sequence: bigint;
}

interface SqsState {
  queues: Map<string, Queue>;
}

const stateOf = (state: EmulatorState): SqsState => {
  let sqsState = state.services.get('sqs') as SqsState | undefined;
  if (!sqsState) {
    sqsState = { queues: new Map() };
    state.services.set('sqs', sqsState);
  }
  return sqsState;
};

const key = (region: string, accountId: string, name: string) => `${region}/${accountId}/${name}`;

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

const nonExistent = () =>
  error('QueueDoesNotExist', 'The specified queue does not exist for this wsdl version.');

/** `https://sqs.REGION.amazonaws.com/ACCOUNT/NAME` (AWS's form; the SDK sends it as a parameter). */
const queueOf = (input: Input, context: CallContext): Queue => {
  const url: string = input.QueueUrl ?? '';
  const match = /^https?:\/\/[^/]+\/(\d{12})\/([\w.-]{1,80})\/?$/.exec(url);
  if (!match) throw error('InvalidAddress', `The address ${url} is not valid for this endpoint.`);
  const [, accountId = '', name = ''] = match;
  // Another account's queue answers as absent: the emulator grants no cross-account access.
  const queue = stateOf(context.state).queues.get(key(context.region, accountId, name));
  if (!queue || accountId !== context.accountId) throw nonExistent();
  return queue;
};

const QUEUE_NAME = /^[\w-]{1,75}(\.fifo)?$|^[\w-]{1,80}$/;

const parseRedrive = (text: string | undefined): Queue['redrive'] => {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
    const maxReceiveCount = Number(parsed.maxReceiveCount);
    if (
      typeof parsed.deadLetterTargetArn !== 'string' ||
      !Number.isInteger(maxReceiveCount) ||
      maxReceiveCount < 1 ||
      maxReceiveCount > 1000
    ) {
      throw new Error('invalid');
    }
    return { deadLetterTargetArn: parsed.deadLetterTargetArn, maxReceiveCount };
  } catch {
    throw error('InvalidAttributeValue', 'Value for parameter RedrivePolicy is invalid.');
  }
};

const createQueue = (input: Input, context: CallContext) => {
  const name: string = input.QueueName ?? '';
  const attributes: Record<string, string> = { ...(input.Attributes ?? {}) };
  const fifo = attributes.FifoQueue === 'true';
  if (!QUEUE_NAME.test(name) || fifo !== name.endsWith('.fifo')) {
    throw error(
      'InvalidParameterValue',
      fifo || name.endsWith('.fifo')
        ? 'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.'
        : 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    );
  }
  const queues = stateOf(context.state).queues;
  const id = key(context.region, context.accountId, name);
  const existing = queues.get(id);
  if (existing) {
    const differs = Object.entries(attributes).some(([k, v]) => existing.attributes[k] !== v);
    if (differs) {
      throw error(
        'QueueNameExists',
        `A queue already exists with the same name and a different value for attribute(s)`,
      );
    }
    return { QueueUrl: existing.url };
  }
  const visibilityTimeout = Number(attributes.VisibilityTimeout ?? 30);
  if (!Number.isInteger(visibilityTimeout) || visibilityTimeout < 0 || visibilityTimeout > 43_200) {
    throw error('InvalidAttributeValue', 'Invalid value for the parameter VisibilityTimeout.');
  }
  const url = `https://sqs.${context.region}.amazonaws.com/${context.accountId}/${name}`;
  queues.set(id, {
    name,
    accountId: context.accountId,
    region: context.region,
    url,
    arn: `arn:${context.partition}:sqs:${context.region}:${context.accountId}:${name}`,
    fifo,
    contentBasedDeduplication: attributes.ContentBasedDeduplication === 'true',
    visibilityTimeout,
    redrive: parseRedrive(attributes.RedrivePolicy),
    attributes,
    messages: [],
    deduplication: new Map(),
    sequence: 10_000_000_000_000_000_000n,
  });
  return { QueueUrl: url };
};

const getQueueUrl = (input: Input, context: CallContext) => {
  const owner: string = input.QueueOwnerAWSAccountId ?? context.accountId;
  const queue = stateOf(context.state).queues.get(
    key(context.region, owner, input.QueueName ?? ''),
  );
  if (!queue || owner !== context.accountId) throw nonExistent();
  return { QueueUrl: queue.url };
};

interface Entry {
  MessageBody?: string;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
  DelaySeconds?: number;
}

/** Validates and enqueues one message; throws the AWS error for this entry. */
const enqueue = (queue: Queue, entry: Entry, now: number) => {
  const body = entry.MessageBody ?? '';
  if (body.length === 0) {
    throw error('MissingParameter', 'The request must contain the parameter MessageBody.');
  }
  if (Buffer.byteLength(body, 'utf8') > MAX_MESSAGE_BYTES) {
    throw error(
      'InvalidParameterValue',
      `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_MESSAGE_BYTES} bytes.`,
    );
  }
  if (queue.fifo) {
    if (!entry.MessageGroupId) {
      throw error('MissingParameter', 'The request must contain the parameter MessageGroupId.');
    }
    if (entry.DelaySeconds) {
      throw error(
        'InvalidParameterValue',
        'Value for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.',
      );
    }
    if (!entry.MessageDeduplicationId && !queue.contentBasedDeduplication) {
      throw error(
        'InvalidParameterValue',
        'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      );
    }
  }
  const md5OfBody = md5(body);
  if (!queue.fifo) {
    const messageId = randomUUID();
    queue.messages.push({
      messageId,
      body,
      sentAt: now,
      visibleAt: now + (entry.DelaySeconds ?? 0) * 1000,
      receiveCount: 0,
    });
    return { MessageId: messageId, MD5OfMessageBody: md5OfBody };
  }
  const deduplicationId =
    entry.MessageDeduplicationId ?? createHash('sha256').update(body, 'utf8').digest('hex');
  for (const [id, seen] of queue.deduplication) {
    if (now - seen.at >= DEDUPLICATION_INTERVAL_MS) queue.deduplication.delete(id);
  }
  queue.sequence += 1n;
  const sequenceNumber = queue.sequence.toString();
  const seen = queue.deduplication.get(deduplicationId);
  if (seen) {
    // Accepted, not delivered again.
    return {
      MessageId: seen.messageId,
      MD5OfMessageBody: md5OfBody,
      SequenceNumber: sequenceNumber,
    };
  }
  const messageId = randomUUID();
  queue.deduplication.set(deduplicationId, { messageId, at: now });
  queue.messages.push({
    messageId,
    body,
    groupId: entry.MessageGroupId,
    deduplicationId,
    sequenceNumber,
    sentAt: now,
    visibleAt: now,
    receiveCount: 0,
  });
  return { MessageId: messageId, MD5OfMessageBody: md5OfBody, SequenceNumber: sequenceNumber };
};

const sendMessage = (input: Input, context: CallContext) =>
  enqueue(queueOf(input, context), input as Entry, Date.now());

const checkBatch = (entries: { Id?: string }[] | undefined): { Id?: string }[] => {
  if (!entries?.length) {
    throw error(
      'EmptyBatchRequest',
      'There should be at least one SendMessageBatchRequestEntry in the request.',
    );
  }
  if (entries.length > MAX_BATCH_ENTRIES) {
    throw error(
      'TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are ${MAX_BATCH_ENTRIES}. You have sent ${entries.length}.`,
    );
  }
  const ids = entries.map((e) => e.Id ?? '');
  if (new Set(ids).size !== ids.length) {
    throw error(
      'BatchEntryIdsNotDistinct',
      'Two or more batch entries in the request have the same Id.',
    );
  }
  const invalid = ids.find((id) => !/^[\w-]{1,80}$/.test(id));
  if (invalid !== undefined) {
    throw error(
      'InvalidBatchEntryId',
      'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
    );
  }
  return entries;
};

const sendMessageBatch = (input: Input, context: CallContext) => {
  const queue = queueOf(input, context);
  const entries = checkBatch(input.Entries) as (Entry & { Id: string })[];
  const total = entries.reduce((n, e) => n + Buffer.byteLength(e.MessageBody ?? '', 'utf8'), 0);
  if (total > MAX_MESSAGE_BYTES) {
    throw error(
      'BatchRequestTooLong',
      `Batch requests cannot be longer than ${MAX_MESSAGE_BYTES} bytes. You have sent ${total} bytes.`,
    );
  }
  const now = Date.now();
  const Successful: unknown[] = [];
  const Failed: unknown[] = [];
  for (const entry of entries) {
    try {
      Successful.push({ Id: entry.Id, ...enqueue(queue, entry, now) });
    } catch (failure) {
      const { code, message } = failure as { code: string; message: string };
      Failed.push({ Id: entry.Id, SenderFault: true, Code: code, Message: message });
    }
  }
  return { Successful, Failed };
};

const deadLetterQueue = (state: EmulatorState, queue: Queue): Queue | undefined => {
  const arn = queue.redrive?.deadLetterTargetArn;
  return arn ? [...stateOf(state).queues.values()].find((q) => q.arn === arn) : undefined;
};

const SYSTEM_ATTRIBUTES = [
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'MessageGroupId',
  'MessageDeduplicationId',
  'SequenceNumber',
] as const;

const receiveMessage = (input: Input, context: CallContext) => {
  const queue = queueOf(input, context);
  const max: number = input.MaxNumberOfMessages ?? 1;
  if (!Number.isInteger(max) || max < 1 || max > 10) {
    throw error(
      'InvalidParameterValue',
      `Value ${max} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.`,
    );
  }
  const timeout: number = input.VisibilityTimeout ?? queue.visibilityTimeout;
  const now = Date.now();
  const dlq = deadLetterQueue(context.state, queue);
  // FIFO: a group with a message in flight hands out nothing until that message is deleted or
  // visible again; within a group, messages go in order.
  const blocked = new Set(
    queue.fifo
      ? queue.messages.filter((m) => m.visibleAt > now && m.receiveCount > 0).map((m) => m.groupId)
      : [],
  );
  const picked: StoredMessage[] = [];
  for (const message of [...queue.messages]) {
    if (picked.length >= max) break;
    if (message.visibleAt > now) continue;
    if (queue.fifo && blocked.has(message.groupId)) continue;
    if (queue.redrive && dlq && message.receiveCount >= queue.redrive.maxReceiveCount) {
      queue.messages.splice(queue.messages.indexOf(message), 1);
      dlq.messages.push({ ...message, visibleAt: now, receiveCount: 0, receiptHandle: undefined });
      continue;
    }
    picked.push(message);
  }
  const wanted = new Set<string>([
    ...(input.AttributeNames ?? []),
    ...(input.MessageSystemAttributeNames ?? []),
  ]);
  const all = wanted.has('All');
  const Messages = picked.map((message) => {
    message.receiveCount += 1;
    message.firstReceivedAt ??= now;
    message.receivedAt = now;
    message.visibleAt = now + timeout * 1000;
    message.receiptHandle = Buffer.from(
      `${queue.accountId}/${queue.name}/${message.messageId}/${randomUUID()}`,
    ).toString('base64');
    const values: Record<string, string | undefined> = {
      SenderId: context.caller.userId,
      SentTimestamp: String(message.sentAt),
      ApproximateReceiveCount: String(message.receiveCount),
      ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt),
      MessageGroupId: message.groupId,
      MessageDeduplicationId: message.deduplicationId,
      SequenceNumber: message.sequenceNumber,
    };
    const Attributes = Object.fromEntries(
      SYSTEM_ATTRIBUTES.filter(
        (name) => (all || wanted.has(name)) && values[name] !== undefined,
      ).map((name) => [name, values[name] as string]),
    );
    return {
      MessageId: message.messageId,
      ReceiptHandle: message.receiptHandle,
      MD5OfBody: md5(message.body),
      Body: message.body,
      ...(Object.keys(Attributes).length ? { Attributes } : {}),
    };
  });
  return { Messages };
};

const handleOf = (queue: Queue, receiptHandle: string | undefined) => {
  const text = Buffer.from(receiptHandle ?? '', 'base64').toString('utf8');
  const [accountId, name, messageId] = text.split('/');
  if (accountId !== queue.accountId || name !== queue.name || !messageId) {
    throw error(
      'ReceiptHandleIsInvalid',
      `The input receipt handle "${receiptHandle}" is not a valid receipt handle.`,
    );
  }
  return messageId;
};

/** Deletes with the latest receipt handle; an older one, or a message already gone, is a no-op. */
const deleteOne = (queue: Queue, receiptHandle: string | undefined): void => {
  const messageId = handleOf(queue, receiptHandle);
  const index = queue.messages.findIndex(
    (m) => m.messageId === messageId && m.receiptHandle === receiptHandle,
  );
  if (index >= 0) queue.messages.splice(index, 1);
};

const deleteMessage = (input: Input, context: CallContext) => {
  deleteOne(queueOf(input, context), input.ReceiptHandle);
  return {};
};

const deleteMessageBatch = (input: Input, context: CallContext) => {
  const queue = queueOf(input, context);
  const entries = checkBatch(input.Entries) as { Id: string; ReceiptHandle?: string }[];
  const Successful: unknown[] = [];
  const Failed: unknown[] = [];
  for (const entry of entries) {
    try {
      deleteOne(queue, entry.ReceiptHandle);
      Successful.push({ Id: entry.Id });
    } catch (failure) {
      const { code, message } = failure as { code: string; message: string };
      Failed.push({ Id: entry.Id, SenderFault: true, Code: code, Message: message });
    }
  }
  return { Successful, Failed };
};

const MAX_VISIBILITY_SECONDS = 43_200;

const changeMessageVisibility = (input: Input, context: CallContext) => {
  const queue = queueOf(input, context);
  const messageId = handleOf(queue, input.ReceiptHandle);
  const timeout: number = input.VisibilityTimeout ?? 0;
  if (!Number.isInteger(timeout) || timeout < 0 || timeout > MAX_VISIBILITY_SECONDS) {
    throw error(
      'InvalidParameterValue',
      `Value ${timeout} for parameter VisibilityTimeout is invalid.`,
    );
  }
  const now = Date.now();
  const message = queue.messages.find(
    (m) => m.messageId === messageId && m.receiptHandle === input.ReceiptHandle,
  );
  if (!message || message.visibleAt <= now) {
    throw error('MessageNotInflight', 'The message referred to is not in flight.');
  }
  // The visibility of one receive totals 12 hours at most, counted from the receive.
  if (now + timeout * 1000 > (message.receivedAt ?? now) + MAX_VISIBILITY_SECONDS * 1000) {
    throw error(
      'InvalidParameterValue',
      `Value ${timeout} for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [${MAX_VISIBILITY_SECONDS} seconds]`,
    );
  }
  message.visibleAt = now + timeout * 1000;
  return {};
};

const getQueueAttributes = (input: Input, context: CallContext) => {
  const queue = queueOf(input, context);
  const now = Date.now();
  const values: Record<string, string> = {
    ...queue.attributes,
    QueueArn: queue.arn,
    VisibilityTimeout: String(queue.visibilityTimeout),
    FifoQueue: String(queue.fifo),
    ApproximateNumberOfMessages: String(queue.messages.filter((m) => m.visibleAt <= now).length),
    ApproximateNumberOfMessagesNotVisible: String(
      queue.messages.filter((m) => m.visibleAt > now).length,
    ),
  };
  if (!queue.fifo) delete values.FifoQueue;
  const names: string[] = input.AttributeNames ?? [];
  const Attributes = names.includes('All')
    ? values
    : Object.fromEntries(names.flatMap((n) => (values[n] !== undefined ? [[n, values[n]]] : [])));
  return { Attributes };
};

// Amazon SQS quotas: a FIFO queue (the scanner's) takes 300 calls per second per API action,
// SendMessage, ReceiveMessage and DeleteMessage, a batch being one call of its action (no burst
// published: 300); the other actions publish none.
const fifoAction = (category: string): BucketSpec => ({ category, burst: 300, rate: 300 });
const BUCKETS: Record<string, BucketSpec> = {
  SendMessage: fifoAction('SendMessage'),
  SendMessageBatch: fifoAction('SendMessage'),
  ReceiveMessage: fifoAction('ReceiveMessage'),
  DeleteMessage: fifoAction('DeleteMessage'),
  DeleteMessageBatch: fifoAction('DeleteMessage'),
};

export const sqs: ServiceDefinition = {
  name: 'sqs',
  protocol: awsJsonProtocol({ version: '1.0', serviceTarget: 'AmazonSQS', queryCompatible: true }),
  operations: {
    CreateQueue: { schema: CreateQueue$, handler: createQueue },
    GetQueueUrl: { schema: GetQueueUrl$, handler: getQueueUrl },
    GetQueueAttributes: { schema: GetQueueAttributes$, handler: getQueueAttributes },
    SendMessage: { schema: SendMessage$, handler: sendMessage },
    SendMessageBatch: { schema: SendMessageBatch$, handler: sendMessageBatch },
    ReceiveMessage: { schema: ReceiveMessage$, handler: receiveMessage },
    DeleteMessage: { schema: DeleteMessage$, handler: deleteMessage },
    DeleteMessageBatch: { schema: DeleteMessageBatch$, handler: deleteMessageBatch },
    ChangeMessageVisibility: { schema: ChangeMessageVisibility$, handler: changeMessageVisibility },
  },
  errors: serviceErrors('sqs', {
    throttling: ['ThrottlingException', 400],
    accessDenied: ['AccessDeniedException', 400],
    unknownOperation: ['UnknownOperationException', 400],
  }),
  bucket: (operation) => BUCKETS[operation] ?? DEFAULT_BUCKET,
};
