// The account's security and authentication choices as plain lists: the command line reads them
// without loading the schemas (and zod) that account.ts builds on them.

export const securityModes = ['tls', 'starttls', 'none'] as const;
export type SecurityMode = (typeof securityModes)[number];

export const authMethods = [
  'auto',
  'user',
  'apop',
  'plain',
  'login',
  'cram-md5',
  'scram-sha-256',
  'xoauth2',
  'oauthbearer',
] as const;
export type AuthMethod = (typeof authMethods)[number];
