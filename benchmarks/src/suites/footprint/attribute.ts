/** Attribution of bundled bytes to the package they came from. */

/** The package an esbuild metafile input path belongs to: `@scope/<pkg>` for workspace packages, else its npm name. */
export function packageOfInput(inputPath: string): string {
  const path = inputPath.split("\\").join("/");
  const marker = "node_modules/";
  const at = path.lastIndexOf(marker);
  if (at >= 0) {
    const [first, second] = path.slice(at + marker.length).split("/");
    return first?.startsWith("@") ? `${first}/${second}` : (first ?? path);
  }
  const workspace = /(?:^|\/)packages\/([^/]+)\//.exec(path);
  if (workspace) return `@scope/${workspace[1]}`;
  return "(entry)";
}

/** The reporting group of a package: ours (every @scope package), openapi-fetch, zod, or other. */
export function groupOfPackage(name: string): "ours" | "openapi-fetch" | "zod" | "other" {
  if (name.startsWith("@scope/") || name === "(entry)") return "ours";
  if (name === "openapi-fetch") return "openapi-fetch";
  if (name === "zod") return "zod";
  return "other";
}

/** Sums bytes per group from `[input path, bytes in output]` pairs. */
export function bytesByGroup(inputs: Iterable<[string, number]>): Map<string, number> {
  const totals = new Map<string, number>();
  for (const [path, bytes] of inputs) {
    const group = groupOfPackage(packageOfInput(path));
    totals.set(group, (totals.get(group) ?? 0) + bytes);
  }
  return totals;
}
