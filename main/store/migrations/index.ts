// Every schema migration, in version order. Adding one: a new numbered file and one line here.
// Never remove or reorder an entry: user_version on disk counts them.

import type { Migration } from './migration';
import { initial } from './0001-initial';
import { folders } from './0002-folders';
import { ambiguousUidls } from './0003-ambiguous-uidls';
import { starSort } from './0004-star-sort';
import { outbox } from './0005-outbox';
import { cjkSearch } from './0006-cjk-search';
import { chunkedBodies } from './0007-chunked-bodies';
import { identityCertificates } from './0008-identity-certificates';
import { stagedBodyOwners } from './0009-staged-body-owners';
import { holderStartTimes } from './0010-holder-start-times';

export const MIGRATIONS: readonly Migration[] = [
  initial,
  folders,
  ambiguousUidls,
  starSort,
  outbox,
  cjkSearch,
  chunkedBodies,
  identityCertificates,
  stagedBodyOwners,
  holderStartTimes,
];

export type { Migration } from './migration';
