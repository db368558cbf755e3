// `npm start`: the whole product, locally. Starts the AWS emulator on the demo account, scans it
// live through the real SDK collectors, imports the findings into the emulator's Security Hub and
// prints the findings table, the import summary and the API calls made. No credentials, no network.
import { startEmulator } from '../emulator/server.ts';
import { runCli } from '../lib/cli/main.ts';
import { loadSnapshotFile } from '../lib/snapshot/load.ts';

const snapshotFile = process.argv[2] ?? 'examples/demo-account.json';
const snapshot = await loadSnapshotFile(snapshotFile);
const emulator = await startEmulator({ accounts: [snapshot] });

// Exactly what a user does to point any SDK v3 program at another endpoint.
Object.assign(process.env, {
  AWS_ENDPOINT_URL: emulator.url,
  AWS_ACCESS_KEY_ID: 'AKIDLOCALDEMO',
  AWS_SECRET_ACCESS_KEY: 'local-demo',
  AWS_REGION: Object.keys(snapshot.regions)[0] ?? 'us-east-1',
  // The SDK's notice that its 2027 releases need Node 22 (README: Node versions) is noise here.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});

try {
  const code = await runCli(
    ['scan', '--regions', Object.keys(snapshot.regions).join(','), '--publish'],
    {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      env: process.env,
      now: () => new Date(),
    },
  );
  const calls = emulator.calls();
  const total = Object.values(calls).reduce(
    (n, ops) => n + Object.values(ops).reduce((a, b) => a + b, 0),
    0,
  );
  process.stdout.write(
    `\nAPI calls (${total}, served by the local emulator at ${emulator.url}):\n`,
  );
  for (const [service, operations] of Object.entries(calls).sort()) {
    const list = Object.entries(operations)
      .sort()
      .map(([operation, count]) => `${operation} ${count}`)
      .join(', ');
    process.stdout.write(`  ${service}: ${list}\n`);
  }
  process.exitCode = code;
} finally {
  await emulator.close();
}
