import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { diffSpecs } from "../index.ts";
import type { Json } from "../model.ts";
import { compileConsumers, type PairVerdict } from "./compile.ts";
import { writeConsumer } from "./consumer.ts";
import { generatedTypesOf } from "./types.ts";

// Ground truth for the classifier: does code written against the old generated types still compile
// against the new ones? Every fixture pair in scripts/fixtures/spec-diff is checked; a new fixture is
// picked up by its name (`<stem>-...yaml` pairs with `<stem>-base.yaml`, everything else with base.yaml).
const FIXTURES = join(import.meta.dirname, "../../../fixtures/spec-diff");
const load = (name: string): Json => parse(readFileSync(join(FIXTURES, `${name}.yaml`), "utf8")) as Json;

/**
 * Where the classifier's verdict knowingly differs from the compiler's, and why (the README's policy
 * table says the same). The test fails if such a pair stops disagreeing, so no entry goes stale.
 */
const POLICY: Record<string, { classifier: "breaking" | "not breaking"; reason: string }> = {
  "enum-value-added": {
    classifier: "not breaking",
    reason:
      "a value added to a response enum breaks only exhaustive switches (`never` checks); providers add values routinely and consumers are told to keep a default branch",
  },
  "one-of-variant-changed": {
    classifier: "not breaking",
    reason: "the same rule: an enum value added inside a response variant",
  },
  "security-required": {
    classifier: "breaking",
    reason: "no type changes, but every call without the new credential is rejected by the server",
  },
  "request-constraint-tightened": {
    classifier: "breaking",
    reason: "constraints are not in the types; requests valid before are rejected by the server",
  },
};

interface Pair {
  name: string;
  load: () => { before: Json; after: Json };
}

function fixturePairs(): (Pair & { from: string })[] {
  const names = readdirSync(FIXTURES)
    .filter((file) => file.endsWith(".yaml"))
    .map((file) => file.slice(0, -".yaml".length));
  const bases = names.filter((name) => name.endsWith("base")).sort((a, b) => b.length - a.length);
  return names
    .filter((name) => !name.endsWith("base"))
    .map((name) => {
      const from = bases.find((base) => base !== "base" && name.startsWith(base.slice(0, -"base".length))) ?? "base";
      return { name, from, load: () => ({ before: load(from), after: load(name) }) };
    });
}

/** Real pairs carved by scripts/carve-spec-pair.ts: `real/<name>/old.json` -> `new.json`. */
function realPairs(): Pair[] {
  const folder = join(FIXTURES, "real");
  const read = (name: string, file: string) => JSON.parse(readFileSync(join(folder, name, file), "utf8")) as Json;
  return readdirSync(folder).map((name) => ({
    name: `real/${name}`,
    load: () => ({ before: read(name, "old.json"), after: read(name, "new.json") }),
  }));
}

const pairsOnDisk = (): Pair[] => [...fixturePairs(), ...realPairs()];

describe("classifier verdicts against the TypeScript compiler (fixture pairs)", () => {
  const pairs = pairsOnDisk();
  const verdicts = new Map<string, PairVerdict>();
  const classified = new Map<string, boolean>();

  beforeAll(async () => {
    // Fixtures share their base documents: each document's types are generated once.
    const typesByText = new Map<string, Promise<string>>();
    const typesOf = (document: Json) => {
      const key = JSON.stringify(document);
      let types = typesByText.get(key);
      if (types === undefined) {
        types = generatedTypesOf(document);
        typesByText.set(key, types);
      }
      return types;
    };
    const sources = [];
    for (const pair of pairs) {
      const { before, after } = pair.load();
      classified.set(pair.name, diffSpecs(before, after).bump === "major");
      sources.push({
        name: pair.name,
        oldTypes: await typesOf(before),
        newTypes: await typesOf(after),
        consumer: writeConsumer(before),
      });
    }
    for (const verdict of compileConsumers(sources)) verdicts.set(verdict.name, verdict);
  });

  it("finds every fixture pair (webhook, map and oneOf-$ref ones included) and the carved real pairs", () => {
    const fixtures = fixturePairs().map(({ name, from }) => ({ name, from }));
    expect(fixtures.length).toBeGreaterThanOrEqual(29);
    expect(fixtures).toContainEqual({ name: "webhook-removed", from: "webhook-base" });
    expect(fixtures).toContainEqual({ name: "map-value-retyped", from: "map-base" });
    expect(fixtures).toContainEqual({ name: "one-of-ref-target-changed", from: "one-of-ref-base" });
    expect(pairs.map((pair) => pair.name)).toContain("real/github-22.0.0-23.0.0");
  });

  for (const pair of pairsOnDisk()) {
    it(`${pair.name}: the classifier agrees with the compiler`, () => {
      const verdict = verdicts.get(pair.name);
      if (!verdict) throw new Error(`no verdict for ${pair.name}`);
      // The consumer is generated from the old document: it must compile against the old types.
      expect(verdict.againstOld).toEqual([]);
      const compilerBreaks = verdict.againstNew.length > 0;
      const classifierBreaks = classified.get(pair.name);
      const policy = POLICY[pair.name];
      if (policy) {
        expect({ classifierBreaks, compilerBreaks }).toEqual({
          classifierBreaks: policy.classifier === "breaking",
          compilerBreaks: policy.classifier !== "breaking",
        });
        return;
      }
      const report = `${pair.name}: classifier says ${classifierBreaks ? "breaking" : "not breaking"}, compiler found ${
        compilerBreaks ? `errors:\n${verdict.againstNew.join("\n")}` : "no errors"
      }`;
      expect(classifierBreaks, report).toBe(compilerBreaks);
    });
  }
});
