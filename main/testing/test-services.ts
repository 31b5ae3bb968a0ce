// Builders for tests of the services, handlers and transports (the whole main process but electron): real services on a throwaway
// store file, with a recording platform and injected sync and probe. Never used in production.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountSettingsInput } from '../../shared/model/account';
import { accountSettingsSchema } from '../../shared/model/account';
import type { AppInfo } from '../../shared/model/app-info';
import { createDispatcher, createHandlers, type Dispatch } from '../ipc';
import { parseMessage, WHOLE_PARSE_OCTETS } from '../mime';
import { openStore } from '../store';
import { emptySyncResult } from '../sync';
import type { Clock } from '../scheduler';
import type { SecretCipher } from '../secrets';
import {
  createServices,
  type DiscoverFn,
  type Platform,
  type ProbeFn,
  type RunSync,
  type SaveFileRequest,
  type Services,
} from '../services';

/** Reversible but not clear text: enough to show a password never reaches SQLite as typed. */
export function testCipher(): SecretCipher {
  const flip = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ 0xa5));
  return {
    scheme: 'test-xor',
    secure: true,
    encrypt: (plain) => flip(Buffer.from(`pl:${plain}`, 'utf8')),
    decrypt: (data) => flip(data).toString('utf8').slice(3),
  };
}

/** A file a handler saved through the recording platform: its bytes and how they came. */
export interface SavedFile {
  suggestedName: string;
  mimeType: string;
  content: Buffer;
  /** The most octets handed over in one piece: a large file must come a piece at a time. */
  largestPiece: number;
}

export function recordingPlatform(transport: Platform['transport'] = 'browser-bridge') {
  const saved: SavedFile[] = [];
  const platform: Platform = {
    transport,
    async saveFile(file: SaveFileRequest) {
      const pieces: Buffer[] = [];
      await file.writeTo((bytes) => {
        pieces.push(Buffer.from(bytes));
      });
      saved.push({
        suggestedName: file.suggestedName,
        mimeType: file.mimeType,
        content: Buffer.concat(pieces),
        largestPiece: pieces.reduce((most, p) => Math.max(most, p.length), 0),
      });
      return { status: 'saved', path: `/saved/${file.suggestedName}` };
    },
  };
  return { platform, saved };
}

export const noSync: RunSync = async (accountId) => emptySyncResult(accountId, 'ok');

export const noProbe: ProbeFn = async () => {
  throw new Error('no probe in this test');
};

export interface TestServices {
  services: Services;
  dispatch: Dispatch;
  dbPath: string;
  saved: SavedFile[];
  addAccount(settings?: Partial<AccountSettingsInput>, password?: string): number;
  seedMessage(accountId: number, uidl: string, raw: string): Promise<number>;
  cleanup(): Promise<void>;
}

export function testServices(
  options: {
    /** 'real': main/sync over this store (default: a sync that does nothing). */
    runSync?: RunSync | 'real';
    probe?: ProbeFn;
    discover?: DiscoverFn;
    protection?: AppInfo['secretStorage'];
    platform?: Platform;
    clock?: Clock;
    dbPath?: string;
  } = {},
): TestServices {
  const dir = mkdtempSync(join(tmpdir(), 'popline-services-'));
  const dbPath = options.dbPath ?? join(dir, 'popline.sqlite');
  const clock = options.clock;
  const store = openStore(dbPath, clock ? { now: () => clock.now() } : {});
  const recording = recordingPlatform();
  const services = createServices({
    store,
    cipher: testCipher(),
    secretProtection: options.protection ?? 'os-keyring',
    platform: options.platform ?? recording.platform,
    version: '0.0.0-test',
    ...(options.runSync === 'real' ? {} : { runSync: options.runSync ?? noSync }),
    probe: options.probe ?? noProbe,
    ...(options.discover ? { discover: options.discover } : {}),
    ...(clock ? { clock } : {}),
  });
  let counter = 0;
  return {
    services,
    dispatch: createDispatcher(createHandlers(services)),
    dbPath,
    saved: recording.saved,
    addAccount(settings = {}, password = 'secret') {
      const parsed = accountSettingsSchema.parse({
        host: 'pop.example.org',
        port: 995,
        security: 'tls',
        user: `user${++counter}`,
        ...settings,
      });
      const id = store.accounts.create(parsed).id;
      services.secrets.save(id, password);
      return id;
    },
    async seedMessage(accountId, uidl, raw) {
      const bytes = Buffer.from(raw.replace(/\r?\n/g, '\r\n'), 'utf8');
      // A body this large the sync stages in chunks as it arrives: stored the same way here.
      const large = bytes.length > WHOLE_PARSE_OCTETS;
      const stager = large ? store.stagedBodies.stage(accountId) : null;
      stager?.append(bytes);
      return store.commitMessage({
        accountId,
        uidl,
        raw: stager ? stager.finish() : bytes,
        ...(large ? { sha256: createHash('sha256').update(bytes).digest('hex') } : {}),
        sessionId: null,
        parsed: await parseMessage(bytes),
        contentKey: null,
        partial: false,
      }).messageId;
    },
    async cleanup() {
      await services.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
