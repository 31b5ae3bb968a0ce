// Guards the layering rules in eslint.config.js so they cannot silently stop working.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath });
  return result?.messages.filter((m) => m.ruleId === 'no-restricted-imports').length ?? -1;
}

describe('layering lint', () => {
  it.each([
    ['shared/x.ts', "import { readFileSync } from 'node:fs'; export const x = readFileSync;"],
    ['shared/x.ts', "import { app } from 'electron'; export const x = app;"],
    ['shared/x.ts', "import React from 'react'; export const x = React;"],
    ['renderer/x.tsx', "import { join } from 'node:path'; export const x = join;"],
    ['renderer/x.tsx', "import { ipcRenderer } from 'electron'; export const x = ipcRenderer;"],
    ['main/sync/x.ts', "import { app } from 'electron'; export const x = app;"],
  ])('rejects the import in %s: %s', async (file, code) => {
    expect(await restrictedImports(file, code)).toBe(1);
  });

  it.each([
    ['main/electron/x.ts', "import { app } from 'electron'; export const x = app;"],
    ['main/store/x.ts', "import { readFileSync } from 'node:fs'; export const x = readFileSync;"],
    ['renderer/x.tsx', "import React from 'react'; export const x = React;"],
    ['shared/x.ts', "import { z } from 'zod'; export const x = z;"],
  ])('allows the import in %s: %s', async (file, code) => {
    expect(await restrictedImports(file, code)).toBe(0);
  });

  it('rejects any in shared/', async () => {
    const [result] = await eslint.lintText('export const x: any = 1;\n', {
      filePath: 'shared/y.ts',
    });
    expect(result?.messages.map((m) => m.ruleId)).toContain('@typescript-eslint/no-explicit-any');
  });
});

describe('layering lint and relative modules', () => {
  it('does not mistake a relative module named like a builtin for the builtin', async () => {
    expect(
      await restrictedImports('shared/x.ts', "import { a } from './events'; export const x = a;"),
    ).toBe(0);
    expect(
      await restrictedImports('shared/x.ts', "import { a } from 'events'; export const x = a;"),
    ).toBe(1);
  });
});

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'popline/layer-imports')
    .map((m) => m.message);
}

describe('layering lint on relative imports between layers', () => {
  it.each([
    ['shared/model/x.ts', "import { openStore } from '../../main/store';"],
    ['shared/x.ts', "import { useApi } from '../renderer/app/api-context';"],
    ['renderer/inbox/x.tsx', "import { openStore } from '../../main/store';"],
    ['main/pop3/x.ts', "import { openStore } from '../store';"],
    ['main/pop3/sasl/x.ts', "import { syncAccount } from '../../sync';"],
    ['main/services/x.ts', "import { createDispatcher } from '../ipc';"],
    ['main/services/x.test.ts', "import { createHandlers } from '../ipc/handlers';"],
    ['main/electron/x.ts', "import { startBridge } from '../bridge/bridge-server';"],
    ['main/electron/x.ts', "export { startBridge } from '../bridge/bridge-server';"],
    ['main/pop3/x.ts', "const m = import('../store'); export default m;"],
  ])('rejects the import in %s: %s', async (file, code) => {
    const errors = await layerErrors(file, `${code}\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/reaches (main|renderer)\//);
  });

  it.each([
    ['main/sync/x.ts', "import { openStore } from '../store';"],
    ['main/ipc/x.ts', "import { createServices } from '../services';"],
    ['main/electron/x.ts', "import { resolveStaticPath } from '../static-files';"],
    ['main/bridge/x.ts', "import { resolveStaticPath } from '../static-files';"],
    ['renderer/inbox/x.tsx', "import type { Result } from '../../shared/result';"],
    ['main/pop3/x.ts', "import { Pop3Error } from './errors';"],
  ])('allows the import in %s: %s', async (file, code) => {
    expect(await layerErrors(file, `${code}\n`)).toEqual([]);
  });
});

describe('layering lint on a module entered through its index', () => {
  it.each([
    ['main/sync/x.ts', "import { baseUidl } from '../store/derived-uidl';"],
    ['main/sync/x.ts', "import type { AccountRecord } from '../store/accounts-repo';"],
    ['main/ipc/handlers/x.ts', "import { createServices } from '../../services/services';"],
    ['main/cli/x.ts', "export { importMail } from '../mailbox/import-mail';"],
    ['renderer/inbox/x.tsx', "import { connectApi } from '../api/connect-api';"],
  ])('rejects the inner file in %s: %s', async (file, code) => {
    const errors = await layerErrors(file, `${code}\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/reaches inside (main\/\w+|renderer\/api): import it from its index/);
  });

  it.each([
    ['main/sync/x.ts', "import { baseUidl } from '../store';"],
    ['main/sync/x.ts', "import { baseUidl } from '../store/index';"],
    ['main/store/migrations/x.ts', "import { baseUidl } from '../derived-uidl';"],
    ['main/store/x.ts', "import { applyMigrations } from './migrations/0001-initial';"],
    // Tests, test support, the test servers and the tools may reach inner files.
    ['main/sync/x.test.ts', "import { baseUidl } from '../store/derived-uidl';"],
    ['main/sync/x-test-support.ts', "import { seed } from '../store/store-test-support';"],
    ['main/testing/x.ts', "import { parseMessage } from '../mime/parse-message';"],
    ['bench/x.ts', "import { openStore } from '../main/store/open-store';"],
    // shared/ is a set of leaf modules, each file its own door.
    ['renderer/inbox/x.tsx', "import type { Folder } from '../../shared/model/folder';"],
  ])('allows %s: %s', async (file, code) => {
    expect(await layerErrors(file, `${code}\n`)).toEqual([]);
  });
});
