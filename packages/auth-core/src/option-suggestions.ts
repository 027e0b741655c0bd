/**
 * "Did you mean" for an unknown option: the same name spelled another way (`baseURL`), a synonym or
 * habit from other SDKs (`timeout`, `maxAttempts`), a knob that lives in a group (`maxRetries` is
 * `resilience.maxRetries` for API calls, `token.maxRetries` for the token request), or a near typo.
 * Only option names are compared and shown, never values.
 */

/** What a group of options tunes, shown next to a suggestion that points into it. */
const GROUP_NOTES: Readonly<Record<string, string>> = {
  resilience: "API calls",
  token: "the token request",
};

/**
 * Names other SDKs (and this SDK's 0.x releases) use, per place (`""` the top level, `*` anywhere): the
 * path or name they mean here, and a note when the value or meaning changes.
 */
const SYNONYMS: Readonly<Record<string, readonly [meant: string, note?: string]>> = {
  "*.timeout": ["timeoutMs", "in ms"],
  "*.maxAttempts": ["maxRetries", "maxAttempts - 1"],
  "*.deadline": ["deadlineMs", "in ms"],
  ".url": ["baseUrl"],
  ".retry": ["token", "retry.maxAttempts is token.maxRetries + 1"],
  ".timeoutMs": ["token.timeoutMs", "resilience.timeoutMs times API attempts"],
  "resilience.retry": ["maxRetries"],
  "token.retry": ["maxRetries"],
};

/** Longest name compared for a near typo (the comparison is quadratic in its length). */
const MAX_COMPARED_LENGTH = 64;

/**
 * The suggestion for unknown option `key` at `path`: `known` names the options at that place, `groups`
 * the options of each group (`""` the top level, `token`, `resilience`, ...). Undefined when nothing is close.
 */
export function suggestOption(
  path: readonly PropertyKey[],
  key: string,
  known: readonly string[],
  groups: Readonly<Record<string, readonly string[]>>,
): string | undefined {
  const here = path.join(".");
  const nested = key.split(".");
  // A dotted key ("token.maxRetries") is a path written flat: say how to nest it.
  if (nested.length > 1 && key.length <= MAX_COMPARED_LENGTH && groups[join(here, nested[0] ?? "")]) {
    return `nest it: { ${nested.join(": { ")}: ... ${"}".repeat(nested.length - 1)} }`;
  }
  const [meant, note] = synonymOf(here, key) ?? [key];
  const hint = (paths: readonly string[]) =>
    `did you mean ${paths.map(described(paths.length)).join(" or ")}?${note ? ` (${note})` : ""}`;
  if (meant.includes(".")) return hint([meant]);
  const local = (known.length > 0 ? known : (groups[here] ?? [])).map((option) => join(here, option));
  const elsewhere = Object.entries(groups).flatMap(([group, options]) =>
    group === here ? [] : options.map((option) => join(group, option)),
  );
  const best = closest(meant, local) ?? closest(meant, elsewhere);
  return best && hint(best);
}

function synonymOf(here: string, key: string): readonly [string, string?] | undefined {
  for (const place of [`${here}.${key}`, `*.${key}`]) {
    if (Object.hasOwn(SYNONYMS, place)) return SYNONYMS[place];
  }
  return undefined;
}

/**
 * The paths whose last name is nearest `name` (case, `_` and `-` ignored; up to a third of the longer
 * name may differ: maxRetry -> maxRetries), or undefined when none is that near.
 */
function closest(name: string, paths: readonly string[]): string[] | undefined {
  let best: string[] = [];
  let bestDistance = Number.POSITIVE_INFINITY;
  if (name.length > MAX_COMPARED_LENGTH) return undefined;
  for (const path of paths) {
    const option = path.slice(path.lastIndexOf(".") + 1);
    if (Math.abs(option.length - name.length) > Math.max(option.length, name.length) / 3) continue;
    const d = distance(normalize(option), normalize(name));
    if (d > Math.max(1, Math.floor(Math.max(option.length, name.length) / 3)) || d > bestDistance) continue;
    if (d < bestDistance) best = [];
    bestDistance = d;
    best.push(path);
  }
  return best.length > 0 ? best : undefined;
}

/** A suggested path, with what its group tunes when there are several to choose from. */
function described(count: number): (path: string) => string {
  return (path) => {
    const head = path.split(".")[0] ?? "";
    const group = Object.hasOwn(GROUP_NOTES, head) ? GROUP_NOTES[head] : undefined;
    return group && count > 1 ? `"${path}" (${group})` : `"${path}"`;
  };
}

function join(group: string, name: string): string {
  return group ? `${group}.${name}` : name;
}

/** Case, `_` and `-` do not matter: `baseURL`, `base_url` and `baseUrl` are one name. */
function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, "");
}

/** Levenshtein distance of two short names. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
