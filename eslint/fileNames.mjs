import path from 'node:path';

/**
 * One file-naming style: PascalCase for a file whose main export is a class or a React component
 * (the file exports a class, function or constant of exactly its name), camelCase for every other
 * file. The name is the part before the first dot (`store.contract.test.ts` is "store").
 */
const PASCAL = /^[A-Z][A-Za-z0-9]*$/;
const CAMEL = /^[a-z][A-Za-z0-9]*$/;

export default {
  meta: {
    type: 'suggestion',
    docs: { description: 'PascalCase files export a class or component of their name; every other file is camelCase' },
    schema: [{ type: 'object', properties: { pascalCaseFolders: { type: 'array', items: { type: 'string' } } }, additionalProperties: false }],
    messages: {
      style: 'File name "{{name}}" is neither camelCase nor PascalCase.',
      pascalWithoutExport: 'PascalCase file "{{name}}" must export a class, component or constant named {{name}}; otherwise name it in camelCase.',
      camelWithClass: 'File "{{name}}" exports only the class {{exported}}: name the file {{exported}}.',
    },
  },
  create(context) {
    const file = context.filename;
    const name = path.basename(file).split('.')[0];
    const pascalFolders = context.options[0]?.pascalCaseFolders ?? [];
    const inPascalFolder = pascalFolders.some((folder) => file.split(path.sep).includes(folder));
    const exported = [];
    const classes = [];
    return {
      ExportNamedDeclaration(node) {
        const d = node.declaration;
        if (!d) return;
        if (d.type === 'ClassDeclaration' && d.id) classes.push(d.id.name);
        if ((d.type === 'ClassDeclaration' || d.type === 'FunctionDeclaration') && d.id) exported.push(d.id.name);
        if (d.type === 'VariableDeclaration') for (const v of d.declarations) if (v.id.type === 'Identifier') exported.push(v.id.name);
      },
      ExportDefaultDeclaration(node) {
        const d = node.declaration;
        if ((d.type === 'ClassDeclaration' || d.type === 'FunctionDeclaration') && d.id) exported.push(d.id.name);
        if (d.type === 'ClassDeclaration' && d.id) classes.push(d.id.name);
      },
      'Program:exit'(program) {
        if (PASCAL.test(name)) {
          if (!inPascalFolder && !exported.includes(name)) context.report({ node: program, messageId: 'pascalWithoutExport', data: { name } });
          return;
        }
        if (!CAMEL.test(name)) return context.report({ node: program, messageId: 'style', data: { name } });
        if (classes.length === 1 && exported.length === 1) context.report({ node: program, messageId: 'camelWithClass', data: { name, exported: classes[0] } });
      },
    };
  },
};
