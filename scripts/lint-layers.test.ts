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
