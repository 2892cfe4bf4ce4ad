// The post-deploy smoke check is a command of the package (`cognito-smoke-check`, cli.ts), not part of its API:
// nothing here is exported, so none of it is in the jsii assembly. The SmokeCheck output it reads is
// SmokeCheckConfig (frontend-config.ts).
export {};
