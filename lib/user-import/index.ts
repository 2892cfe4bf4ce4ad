// The user import: UserImportRole, the role an import job writes its log with, is part of the API. The
// `cognito-user-import` command (cli.ts) and its validator are not: nothing else here is exported, so none of it is
// in the jsii assembly.
export * from './user-import-role';
