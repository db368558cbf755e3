// The scan's I/O in one module: the AWS clients, the collectors and the publisher. The worker and
// the bench import it statically (esbuild keeps what they use); the CLI only when a run collects
// or publishes, so judging a snapshot file loads no SDK client.
export { createClientFactory } from '../aws/clients.ts';
export { collectFocused } from '../collect/targeted.ts';
export { SecurityHubCallError } from '../publish/errors.ts';
export { startPublication } from '../publish/publication.ts';
export { withPlanned } from '../publish/summary.ts';
export { identify } from './identity.ts';
