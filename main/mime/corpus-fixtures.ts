// Locates the shared e-mail corpus beside the checkout (../shared/corpus) for tests.
// Never copies corpus files into the repository.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const corpusRoot = resolve(repoRoot, '../shared/corpus');

const NOT_MESSAGES = /(^|\/)(SOURCE\.md|INDEX\.md|LICENSE(\.txt)?|MIT-LICENSE|NOTICE)$/;

/** Every message file of the corpus, as paths relative to its root, sorted. */
export function corpusFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return walk(corpusRoot)
    .map((path) => relative(corpusRoot, path))
    .filter((path) => !NOT_MESSAGES.test(path))
    .sort();
}

export function readCorpus(path: string): Buffer {
  return readFileSync(join(corpusRoot, path));
}
