// ESLint rule popline/layer-imports: checks RELATIVE imports by the folders they join, which
// `no-restricted-imports` (it sees only the import's text) cannot. Two checks, both configured in
// eslint.config.js:
// - forbid: a file under one of `from` may import nothing under one of `to`;
// - doors: a module folder is entered through its index.ts; its inner files are reachable only
//   from inside it (or from an exempt file: tests, test support, test servers, tools).
import { dirname, join, normalize, relative, sep } from 'node:path';

const toPosix = (p) => p.split(sep).join('/');
const under = (file, folder) => file === folder || file.startsWith(`${folder}/`);
const withoutExtension = (p) => p.replace(/\.(ts|tsx|js|mjs|cjs|jsx)$/, '');

/** The module folder (a door) that `target` lies in, or null. */
function doorOf(target, doors) {
  for (const door of doors) {
    if (door.endsWith('/*')) {
      const parent = door.slice(0, -2);
      if (!target.startsWith(`${parent}/`)) continue;
      const name = target.slice(parent.length + 1).split('/')[0];
      // A file directly in the parent (main/x.ts) is not a module folder.
      if (target.slice(parent.length + 1).includes('/')) return `${parent}/${name}`;
    } else if (under(target, door)) return door;
  }
  return null;
}

export const layerImports = {
  meta: {
    type: 'problem',
    docs: { description: 'relative imports respect the layers and enter a module by its index' },
    schema: [
      {
        type: 'object',
        properties: {
          forbid: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                from: { type: 'array', items: { type: 'string' } },
                to: { type: 'array', items: { type: 'string' } },
                message: { type: 'string' },
              },
              required: ['from', 'to', 'message'],
              additionalProperties: false,
            },
          },
          doors: { type: 'array', items: { type: 'string' } },
          exempt: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      layer: "'{{spec}}' reaches {{target}}: {{message}}",
      door: "'{{spec}}' reaches inside {{door}}: import it from its index ('{{door}}').",
    },
  },
  create(context) {
    const { forbid = [], doors = [], exempt = [] } = context.options[0] ?? {};
    const cwd = context.cwd ?? process.cwd();
    const file = toPosix(relative(cwd, context.filename));
    const fileDir = dirname(file);
    const isExempt = exempt.some((pattern) => new RegExp(pattern).test(file));
    const rules = forbid.filter((r) => r.from.some((f) => under(file, f)));
    const ownDoor = doorOf(file, doors);

    function check(node, spec) {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = withoutExtension(toPosix(normalize(join(fileDir, spec))));
      if (target.startsWith('..')) return;
      for (const r of rules) {
        const hit = r.to.find((t) => under(target, t));
        if (hit) {
          context.report({ node, messageId: 'layer', data: { spec, target, message: r.message } });
          return;
        }
      }
      if (isExempt) return;
      const door = doorOf(target, doors);
      if (door === null || door === ownDoor) return;
      if (target === door || target === `${door}/index`) return;
      context.report({ node, messageId: 'door', data: { spec, door } });
    }

    const fromSource = (node) => {
      if (node.source) check(node.source, node.source.value);
    };
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node.source, node.source.value);
      },
    };
  },
};

export default { rules: { 'layer-imports': layerImports } };
