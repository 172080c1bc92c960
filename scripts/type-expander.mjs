// Writes a TypeScript type out as plain TypeScript (unions, literals, arrays,
// tuples and object literals), so a published .d.ts names nothing it cannot
// import. Shared by the client's AppType flattening and the widgets' types.

/** `expand(type)` for one program's checker; throws on types it cannot write out. */
export function typeExpander(ts, checker, maxDepth = 14) {
  function expand(type, depth = 0) {
    if (depth > maxDepth) throw new Error(`type too deep to write out: ${checker.typeToString(type)}`);
    const flags = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType;
    if (type.isUnion()) return type.types.map((t) => expand(t, depth + 1)).join(" | ");
    if (type.isIntersection()) return type.types.map((t) => `(${expand(t, depth + 1)})`).join(" & ");
    if (type.flags & (ts.TypeFlags.Primitive | ts.TypeFlags.Literal | ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return checker.typeToString(type, undefined, flags);
    if (checker.isArrayType(type)) return `(${expand(checker.getTypeArguments(type)[0], depth + 1)})[]`;
    if (checker.isTupleType(type)) return `[${checker.getTypeArguments(type).map((t) => expand(t, depth + 1)).join(", ")}]`;
    if (type.flags & ts.TypeFlags.Object) {
      const index = checker.getIndexInfosOfType(type).map((info) => `[key: ${checker.typeToString(info.keyType)}]: ${expand(info.type, depth + 1)};`);
      const props = checker.getPropertiesOfType(type).map((p) => {
        const optional = p.flags & ts.SymbolFlags.Optional ? "?" : "";
        const propType = checker.getTypeOfSymbol(p);
        return `${JSON.stringify(p.name)}${optional}: ${expand(optional ? checker.getNonNullableType(propType) : propType, depth + 1)};`;
      });
      return `{ ${[...index, ...props].join(" ")} }`;
    }
    throw new Error(`cannot write out ${checker.typeToString(type)}`);
  }
  return expand;
}
