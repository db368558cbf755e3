// Every check, once. Adding a check: its file, this line, its test.
import { check as secretsmanagerSecretRotationEnabled } from './secretsmanager/secretsmanager_secret_rotation_enabled.ts';
import type { Check } from './types.ts';

export const checks: readonly Check[] = [secretsmanagerSecretRotationEnabled];
