// Arguments no contract method accepts: shared by the tests that send them through the registry
// and through the bridge. Each must come back as invalid-argument, never as a crash.

export const MALFORMED_ARGUMENTS: readonly unknown[] = [
  42,
  'accounts',
  null,
  true,
  [],
  [1, 2],
  { bogus: 1 },
  { id: -1 },
  { id: 'x' },
  { id: 1.5 },
  { ids: 'all' },
  { sessionId: {} },
  { __proto__: { id: 1 }, constructor: 'x' },
  { accountId: Number.MAX_SAFE_INTEGER + 2, extra: true },
];
