/** Every export of core's root (the contract a format builds on) has a doc comment: the API reference shows it. */
import { join } from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';

it("every export of @labelport/core's root has a doc comment", () => {
  const entry = join(import.meta.dirname, '..', 'src', 'index.ts');
  const program = ts.createProgram([entry], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  const missing: string[] = [];
  for (const exported of checker.getExportsOfModule(module)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const documented =
      ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() !== '' ||
      (symbol.declarations ?? []).some((d) => ts.getJSDocCommentsAndTags(d).length > 0);
    if (!documented) missing.push(exported.name);
  }
  expect(missing, 'exports without a doc comment').toEqual([]);
  expect(checker.getExportsOfModule(module).length).toBeGreaterThan(100);
});
