/** Cognito's limits, each checked against the Amazon Cognito documentation (see README, "Limits"). */
export const LIMITS = {
  domainPrefixMaxLength: 63,
  customAttributeNameMaxLength: 20,
  customAttributesMax: 50,
  groupNameMaxLength: 128,
  groupPrecedenceMax: 2147483647,
  passwordMinLength: 6,
  passwordMaxLength: 99,
  accessTokenMinMinutes: 5,
  accessTokenMaxMinutes: 24 * 60,
  refreshTokenMinMinutes: 60,
  refreshTokenMaxDays: 3650,
  lambdaEnvironmentBytes: 4096,
  roleMappingRulesMax: 25,
  maxIdpIdentifiers: 50,
  maxIdpIdentifierLength: 40,
  redirectUrlsMax: 100,
  redirectUrlMaxLength: 1024,
  // CreateTerms: Links values 1-1024 characters.
  termsLinkMaxLength: 1024,
  clientScopesMax: 50,
  clientNameMaxLength: 128,
  resourceServerScopesMax: 100,
  resourceServerTextMaxLength: 256,
  groupsPerPoolMax: 10000,
  roleMappingsMax: 10,
  ruleClaimMaxLength: 64,
  ruleValueMaxLength: 128,
  principalTagsMax: 50,
  principalTagKeyMaxLength: 128,
  identityPoolNameMaxLength: 128,
} as const;

/**
 * Cognito's adjustable quotas (the developer guide's "Quotas in Amazon Cognito"): past the default, synth warns
 * (the account may have a raised quota) instead of failing.
 */
export const ADJUSTABLE_QUOTAS = {
  appClientsPerPool: 1000,
  resourceServersPerPool: 25,
  identityProvidersPerPool: 300,
  userPoolProvidersPerIdentityPool: 50,
} as const;
