// moto_server (moto 5.2, Python): an independent implementation of the AWS APIs, started on a free
// loopback port for the moto test tier, and always stopped again.
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The account moto answers for, whatever the credentials. */
export const MOTO_ACCOUNT = '123456789012';

/** The `moto_server` executable on the PATH, or undefined. */
export const findMotoServer = (path = process.env.PATH ?? ''): string | undefined => {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'moto_server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
};

export interface MotoServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  close(): Promise<void>;
}

/** A port that was free a moment ago (moto binds it itself; a lost race is retried). */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });

const exited = (child: ChildProcess): boolean =>
  child.exitCode !== null || child.signalCode !== null;

/** SIGTERM, then SIGKILL if moto is still there after `graceMs`. */
const stop = async (child: ChildProcess, graceMs = 3_000): Promise<void> => {
  if (exited(child)) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
};

const answers = async (url: string): Promise<boolean> => {
  try {
    const response = await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
};

const launch = async (
  executable: string,
  deadline: number,
): Promise<MotoServer | { retry: string }> => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(executable, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Requested ACM certificates become ISSUED at once instead of after 60 s.
    env: { ...process.env, MOTO_ACM_VALIDATION_WAIT: '0' },
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // A worker that exits without afterAll (a crash, a timeout) must not leave moto behind.
  const onExit = () => {
    if (!exited(child)) child.kill('SIGKILL');
  };
  process.once('exit', onExit);
  const close = async () => {
    process.off('exit', onExit);
    await stop(child);
  };
  while (Date.now() < deadline) {
    if (exited(child)) {
      await close();
      if (/address already in use/i.test(output)) return { retry: output };
      throw new Error(`moto_server exited (${child.exitCode ?? child.signalCode}):\n${output}`);
    }
    if (await answers(url)) return { url, close };
    await sleep(100);
  }
  await close();
  throw new Error(`moto_server did not answer on ${url} in time:\n${output}`);
};

/** Starts moto_server on a free loopback port and waits until it answers (moto takes a few seconds). */
export const startMoto = async (
  executable: string,
  { timeoutMs = 30_000 }: { timeoutMs?: number } = {},
): Promise<MotoServer> => {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    const launched = await launch(executable, deadline);
    if ('url' in launched) return launched;
    if (attempt === 3) throw new Error(`moto_server found no free port:\n${launched.retry}`);
  }
};
