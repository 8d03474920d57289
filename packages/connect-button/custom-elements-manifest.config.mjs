// `cem analyze` (run by the build) reads this file: it writes custom-elements.json from the sources.
import { dirname, join } from 'node:path/posix';

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/types/**'],
  litelement: true,
  // package.json names the manifest itself; the analyzer must not rewrite it (the manifest test writes elsewhere).
  packagejson: false,
  plugins: [registryDefineCalls()],
};

/**
 * The analyzer finds `customElements.define('tag', Class)` only. src/define.ts calls `registry.define(TAG_NAME,
 * Class)` on a registry parameter (so it can be tested without a DOM): read such calls too, with the tag from a
 * string constant of the same file and the class from its import, and record the custom-element-definition.
 */
function registryDefineCalls() {
  return {
    name: 'registry-define-calls',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
      if (node.expression.name.text !== 'define' || node.arguments.length !== 2) return;
      if (/^(window\.|globalThis\.)?customElements$/.test(node.expression.expression.getText())) return;
      const [tagArgument, classArgument] = node.arguments;
      if (!ts.isIdentifier(classArgument)) return;
      const source = node.getSourceFile();
      const tag = ts.isStringLiteral(tagArgument)
        ? tagArgument.text
        : ts.isIdentifier(tagArgument)
          ? stringConstant(ts, source, tagArgument.text)
          : undefined;
      const module = importedFrom(ts, source, classArgument.text, moduleDoc.path);
      if (!tag || !module) return;
      moduleDoc.exports = [
        ...(moduleDoc.exports ?? []),
        { kind: 'custom-element-definition', name: tag, declaration: { name: classArgument.text, module } },
      ];
    },
  };
}

function stringConstant(ts, source, name) {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (
        declaration.name.getText() === name &&
        declaration.initializer &&
        ts.isStringLiteral(declaration.initializer)
      )
        return declaration.initializer.text;
    }
  }
  return undefined;
}

/** The manifest path (`src/x.ts`) of the module `name` is imported from. */
function importedFrom(ts, source, name, modulePath) {
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (
      bindings &&
      ts.isNamedImports(bindings) &&
      bindings.elements.some((element) => element.name.text === name)
    )
      return join(dirname(modulePath), statement.moduleSpecifier.text).replace(/\.js$/, '.ts');
  }
  return undefined;
}
