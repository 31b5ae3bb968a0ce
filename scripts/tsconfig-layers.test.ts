// Guards the per-layer tsconfigs: each layer's code is checked without the other runtime's types,
// so a renderer file using `process` or a main file using `document` fails `npm run typecheck`.
import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

function diagnosticsIn(config: string, probePath: string, code: string): string[] {
  const root = process.cwd();
  const read = ts.readConfigFile(resolve(root, config), (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
  const probe = resolve(root, probePath);
  const host = ts.createCompilerHost(parsed.options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (p) => p === probe || fileExists.call(host, p);
  host.readFile = (p) => (p === probe ? code : readFile.call(host, p));
  host.getSourceFile = (p, lang, ...rest) =>
    p === probe
      ? ts.createSourceFile(p, code, lang, true)
      : getSourceFile.call(host, p, lang, ...rest);
  const program = ts.createProgram([probe], parsed.options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === probe)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const usesNode = 'export const home = process.env.HOME;\n';
const usesDom = 'export const title = document.title;\n';
const usesNeither = 'export const n: number = [1, 2].at(-1) ?? 0;\n';

describe('per-layer type-checking', () => {
  it.each([
    ['tsconfig.renderer.json', 'renderer/probe.ts', usesNode],
    ['tsconfig.main.json', 'main/probe.ts', usesDom],
    ['tsconfig.shared.json', 'shared/probe.ts', usesNode],
    ['tsconfig.shared.json', 'shared/probe.ts', usesDom],
  ])('%s rejects the other runtime in %s: %s', (config, file, code) => {
    expect(diagnosticsIn(config, file, code).join('\n')).toMatch(/Cannot find name/);
  });

  it.each([
    ['tsconfig.renderer.json', 'renderer/probe.ts', usesDom],
    ['tsconfig.main.json', 'main/probe.ts', usesNode],
    ['tsconfig.shared.json', 'shared/probe.ts', usesNeither],
  ])('%s accepts its own runtime in %s: %s', (config, file, code) => {
    expect(diagnosticsIn(config, file, code)).toEqual([]);
  });
});
