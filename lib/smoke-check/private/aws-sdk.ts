/*
 * The AWS SDK for JavaScript v3 clients of the smoke check, loaded the first time they are needed (lib/private/sdk-loader.ts):
 * `--help` and `--plan` run without them, and a check against AWS asks for those not installed.
 */
import { defaultLoader, MissingSdkError, type ModuleLoader, SdkClients } from '../../private/sdk-loader';

export { defaultLoader, MissingSdkError, type ModuleLoader };

/** The clients, by what the check uses them for. */
export const SDK_PACKAGES = {
  cloudFormation: '@aws-sdk/client-cloudformation',
  userPool: '@aws-sdk/client-cognito-identity-provider',
  identityPool: '@aws-sdk/client-cognito-identity',
  sts: '@aws-sdk/client-sts',
} as const;

export type SdkName = keyof typeof SDK_PACKAGES;

const clients = new SdkClients<SdkName>(SDK_PACKAGES, 'the check against AWS', '--plan and --help need none');

/** Sets how packages are loaded (the command's tests pass their own), and forgets those loaded before. */
export function useLoader(load: ModuleLoader): void {
  clients.use(load);
}

/**
 * Loads the given clients that are not loaded yet; when any is not installed, throws a MissingSdkError naming all of
 * those, together with those of `alsoReport` that are not installed either (so that one npm install adds them all).
 */
export function requireSdk(names: SdkName[], alsoReport: SdkName[] = []): void {
  clients.require(names, alsoReport);
}

/** A client package, loaded on first use (a MissingSdkError when it is not installed). `T`: its type. */
export function sdk<T>(name: SdkName): T {
  return clients.get<T>(name);
}
