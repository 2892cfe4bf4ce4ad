/*
 * The AWS SDK for JavaScript v3 clients of the user import, loaded the first time they are needed
 * (lib/private/sdk-loader.ts): `--help` and the offline dry run (`--dry-run --template`) run without them.
 */
import { SdkClients } from '../../private/sdk-loader';

/** The clients, by what the import uses them for. */
export const SDK_PACKAGES = {
  userPool: '@aws-sdk/client-cognito-identity-provider',
  logs: '@aws-sdk/client-cloudwatch-logs',
} as const;

export type SdkName = keyof typeof SDK_PACKAGES;

/** The clients; the command sets their loader (the tests pass their own). */
export const clients = new SdkClients<SdkName>(SDK_PACKAGES, 'a run against AWS', '--dry-run --template and --help need none');
