/** Renders RESULTS.md from the numbers of one run. */

import type { Summary } from "../harness/stats.js";
import { COST_LABELS, COST_VARIANTS } from "../suites/auth/client-cost.js";
import { TELEMETRY_LABELS, TELEMETRY_VARIANTS } from "../suites/observability/telemetry-cost.js";
import { responseChecksSection } from "../suites/validation/response-checks.js";
import { MAIN_CHART } from "./charts.js";
import { isSkipped, type RunResults } from "./results.js";
import { formatNumber } from "./svg.js";

const n = formatNumber;
const ms = (value: number): string => `${n(value)} ms`;
const spread = (s: Summary, f: (v: number) => string = n): string =>
  `${f(s.median)} (${f(s.min)}–${f(s.max)}, n=${s.runs})`;
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
const verdict = (met: boolean): string => (met ? "met" : "**missed**");

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}

/** The targets of issue 7 with what this run measured (also used for the closing summary). */
export function headlines(results: RunResults): { claim: string; target: string; measured: string; met: boolean }[] {
  const out: { claim: string; target: string; measured: string; met: boolean }[] = [];
  const { overhead, stampede, refresh, storm, generation } = results;
  if (!isSkipped(overhead)) {
    const { oursOverNaiveThroughputRatio: throughput, oursOverNaiveP99Ratio: p99 } = overhead;
    if (throughput !== undefined && p99 !== undefined) {
      out.push({
        claim: "1. throughput, ours / openapi-fetch with the docs' auth middleware",
        target: ">= 0.97",
        measured: spread(throughput, (v) => v.toFixed(3)),
        met: throughput.median >= 0.97,
      });
      out.push({
        claim: "1. p99 latency, ours / openapi-fetch with the docs' auth middleware",
        target: "<= 1.05",
        measured: spread(p99, (v) => v.toFixed(3)),
        met: p99.median <= 1.05,
      });
    }
  }
  const { cost } = results;
  if (!isSkipped(cost) && !isSkipped(overhead)) {
    // Both figures come from the same no-network measurement: the extra CPU of our client over a
    // static-header client, as a share of the static-header client's own CPU per request.
    const extra = cost.usPerRequest.ours.median - cost.usPerRequest.static.median;
    const perRequest = cost.usPerRequest.static.median;
    const share = extra / perRequest;
    out.push({
      claim: "1b. client CPU our auth adds per request without network, share of a static-header client's",
      target: "<= 10 % (a cache hit and a header: no network, no allocation-heavy work)",
      measured: `${extra.toFixed(1)} µs of ${perRequest.toFixed(1)} µs = ${(share * 100).toFixed(1)} %`,
      met: share <= 0.1,
    });
  }
  if (!isSkipped(stampede)) {
    const counts = stampede.rows.map((r) => r.cells.ours.tokenRequests);
    out.push({
      claim: `2. token requests, cold stampede N = ${stampede.rows.map((r) => r.callers.toLocaleString("en-US")).join(" / ")}`,
      target: "1 at every N",
      measured: counts.join(" / "),
      met: counts.every((c) => c === 1),
    });
  }
  if (!isSkipped(results.providers)) {
    const rows = results.providers.rows;
    out.push({
      claim: `2b. token requests, ${results.providers.callers.toLocaleString("en-US")} cold calls per provider client (emulator)`,
      target: "1 each",
      measured: rows.map((r) => `${r.provider} ${r.tokenRequests}`).join(", "),
      met: rows.every((r) => r.tokenRequests === 1 && r.failedCalls === 0),
    });
  }
  if (!isSkipped(refresh)) {
    const c = refresh.cells.ours;
    out.push({
      claim: `3. token requests per refresh (${refresh.lifetimes} lifetimes of ${refresh.lifetimeMs / 1000} s)`,
      target: "1",
      measured: `${c.tokenRequestsPerRefresh.toFixed(2)} (${c.tokenRequests} requests, ${c.refreshes} refreshes)`,
      met: c.refreshes > 0 && c.tokenRequestsPerRefresh === 1,
    });
    out.push({
      claim: "3. failed calls across the lifetimes",
      target: "0",
      measured: String(c.failedCalls),
      met: c.failedCalls === 0,
    });
    out.push({
      claim: "3. p99 inside / outside the refresh window",
      target: "no visible step",
      measured: `${ms(c.insideWindow.p99Ms)} / ${ms(c.outsideWindow.p99Ms)}`,
      met: c.insideWindow.p99Ms <= c.outsideWindow.p99Ms * 1.5 + 1,
    });
  }
  if (!isSkipped(storm)) {
    const counts = storm.rows.map((r) => r.cells.ours.refetches);
    out.push({
      claim: `4. refetches, 401 storm K = ${storm.rows.map((r) => r.concurrent.toLocaleString("en-US")).join(" / ")}`,
      target: "1",
      measured: counts.join(" / "),
      met: counts.every((c) => c === 1),
    });
  }
  if (!isSkipped(generation)) {
    const worst = generation.reduce((a, b) => (b.ratio.median > a.ratio.median ? b : a));
    out.push({
      claim: "5. generate / bare openapi-typescript CLI (worst document, wall)",
      target: "<= 1.2",
      measured: `${worst.ratio.median.toFixed(2)} (${worst.name}; CPU ratio ${worst.cpuRatio.median.toFixed(2)})`,
      met: worst.ratio.median <= 1.2,
    });
  }
  const resilience = results.resilience;
  if (resilience !== undefined && !isSkipped(resilience)) {
    const { plain, naive, ours } = resilience.cells;
    const pct = (rate: number): string => `${(rate * 100).toFixed(2)} %`;
    out.push({
      claim: `6. POSTs succeeding with ${pct(resilience.failureRate)} failures (${resilience.calls.toLocaleString("en-US")} calls): plain / naive retry / ours`,
      target: "ours >= 99.9 %",
      measured: `${pct(plain.successRate)} / ${pct(naive.successRate)} / ${pct(ours.successRate)}`,
      met: ours.successRate >= 0.999,
    });
    out.push({
      claim: "6. duplicate charges: naive retry / ours",
      target: "ours 0",
      measured: `${naive.duplicateCharges} / ${ours.duplicateCharges}`,
      met: ours.duplicateCharges === 0,
    });
    out.push({
      claim: "6. throughput with no failures, ours / plain openapi-fetch",
      target: ">= 0.97",
      measured: spread(resilience.throughputRatio, (v) => v.toFixed(3)),
      met: resilience.throughputRatio.median >= 0.97,
    });
  }
  const outage = results.outage;
  if (outage !== undefined && !isSkipped(outage)) {
    const { naive, ours } = outage.cells;
    out.push({
      claim: `8. retry amplification, API down ${(outage.durationMs / 1000).toFixed(0)} s at ${outage.ratePerSecond} calls/s: naive retry loop / ours`,
      target: "ours <= 1.1",
      measured: `${naive.amplification.toFixed(2)} / ${ours.amplification.toFixed(3)}`,
      met: ours.amplification <= 1.1,
    });
  }
  return out;
}

/** Observations computed from the numbers (never hand-written), listed under the headlines. */
export function notes(results: RunResults): string[] {
  const out: string[] = [];
  const { overhead, cost, footprint, generation, machine } = results;
  if (!isSkipped(overhead)) {
    const r = overhead.throughputRatio;
    const control = overhead.controlThroughputRatio;
    out.push(
      `Two identical static clients measured ${control.median.toFixed(3)} of each other: the median of ${control.runs} paired rounds whose middle half ranged ${control.q1.toFixed(3)}–${control.q3.toFixed(3)} (ours / static: ${r.median.toFixed(3)}, middle half ${r.q1.toFixed(3)}–${r.q3.toFixed(3)}). A median this far from 1 comes from the machine alone.`,
    );
    if (r.max / r.min > 1.5) {
      // The load of the run that measured section 1 (a later partial run, if it re-measured it).
      const rerun = results.reruns?.find((run) => run.suites.includes("overhead"));
      const [start, end] = rerun?.loadAverage ?? [machine.loadAverage, results.loadAverageAtEnd];
      out.push(
        `The machine was busy during ${rerun ? "the run that measured section 1" : "this run"} (1-minute load average ${start} at the start, ${end} at the end, on ${machine.cores} cores): per-round throughput ratios ranged ${r.min.toFixed(2)}–${r.max.toFixed(2)}, so the network figures of section 1 carry that noise.` +
          (isSkipped(cost)
            ? ""
            : " The CPU figures of section 1b are the steadier measure of what our middleware costs."),
      );
    }
  }
  if (!isSkipped(cost)) {
    const extra = cost.usPerRequest.ours.median - cost.usPerRequest.static.median;
    out.push(
      `Without network, a request through createDollrClient costs ${cost.usPerRequest.ours.median.toFixed(1)} µs of client CPU against ${cost.usPerRequest.static.median.toFixed(1)} µs for a static header (${extra >= 0 ? "+" : ""}${extra.toFixed(1)} µs); a warm getToken() is ${cost.getTokenUs.median.toFixed(2)} µs.`,
    );
  }
  if (!isSkipped(footprint)) {
    const shares = footprint.bundles.map((b) => {
      const zod = b.parts.find((p) => p.group === "zod")?.minBytes ?? 0;
      return { provider: b.provider, share: zod / b.minBytes };
    });
    const top = shares.reduce((a, b) => (b.share > a.share ? b : a));
    if (top.share > 0.5) {
      out.push(
        `zod is ${Math.round(top.share * 100)} % of the minified ${top.provider} bundle: everything that imports \`zod\` (classic) pulls in the whole library; \`zod/mini\` tree-shakes.`,
      );
    }
  }
  if (!isSkipped(generation)) {
    // Tiny documents are dominated by start-up noise; look at documents of 100 operations or more.
    const sized = generation.filter((g) => g.operations >= 100);
    const worst = sized.reduce((a, b) => (b.coreRatio.median > a.coreRatio.median ? b : a), sized[0] ?? generation[0]!);
    if (worst && worst.coreRatio.median > 1.2) {
      out.push(
        `Our generator's extra time grows with document size (after module load: ${worst.oursCore.median.toFixed(0)} ms vs the CLI's ${worst.cliCore.median.toFixed(0)} ms on ${worst.name}); see section 5.`,
      );
    }
  }
  return out;
}

function overheadSection(results: RunResults): string {
  const o = results.overhead;
  if (isSkipped(o)) return `## 1. Per-request overhead\n\nNot measured: ${o.skipped}\n`;
  const label = {
    static: "(a) openapi-fetch + static header",
    control: "(a') the same, a second client (control)",
    naive: "(b) + naive docs middleware",
    ours: "(c) createDollrClient, warm cache",
  };
  const rows = (["static", "control", "naive", "ours"] as const).map((v) => {
    const r = o.variants[v];
    return [
      label[v],
      spread(r.requestsPerSecond, (x) => Math.round(x).toLocaleString("en-US")),
      spread(r.p50Ms, (x) => x.toFixed(2)),
      spread(r.p99Ms, (x) => x.toFixed(2)),
      spread(r.cpuUsPerRequest, (x) => x.toFixed(0)),
      String(r.failures),
    ];
  });
  return `## 1. Per-request overhead

${o.rounds} rounds of ${o.durationMs} ms per variant, interleaved in a balanced order (each variant at each position and after each other variant equally often) so drift hits all four alike;
${o.concurrency} concurrent callers in a closed loop, keep-alive connections, one authenticated GET returning a small JSON body.
Ratios are computed round by round (same round, same conditions) and then summarised. Short rounds keep the two sides
of each ratio close in time: on a shared 2-core machine the speed of the same client drifts by tens of percent over
seconds. (a') is a second, identical static client: its ratio to (a) is what this machine alone makes of "no difference".

![throughput](charts/overhead.svg)

${table(["variant", "req/s median (min–max, runs)", "p50 ms", "p99 ms", "client CPU µs/request", "failed"], rows)}

| ratio (per round) | target | median (min–max, runs) | verdict |
| --- | --- | --- | --- |
${againstNaive(o)}| throughput (c)/(a): the floor openapi-fetch's middleware machinery sets | — | ${spread(o.throughputRatio, (x) => x.toFixed(3))} | — |
| p99 (c)/(a) | — | ${spread(o.p99Ratio, (x) => x.toFixed(3))} | — |
| throughput (b)/(a) | — | ${spread(o.naiveThroughputRatio, (x) => x.toFixed(3))} | — |
| throughput (a')/(a), control: two identical clients | 1 | ${spread(o.controlThroughputRatio, (x) => x.toFixed(3))} | — |
| extra client CPU of (c) over (a), µs/request | — | ${spread(o.extraCpuUs, (x) => x.toFixed(1))} | — |

![latency](charts/overhead-latency.svg)
`;
}

/** The rows of the figures that count: ours against what a user would pick instead, (c)/(b). */
function againstNaive(o: Exclude<RunResults["overhead"], { skipped: string }>): string {
  const throughput = o.oursOverNaiveThroughputRatio;
  const p99 = o.oursOverNaiveP99Ratio;
  if (throughput === undefined || p99 === undefined) return "| (c)/(b) | >= 0.97 | not measured in this run | — |\n";
  return `| **throughput (c)/(b): ours / the docs' middleware** | >= 0.97 | ${spread(throughput, (x) => x.toFixed(3))} | ${verdict(throughput.median >= 0.97)} |
| **p99 (c)/(b)** | <= 1.05 | ${spread(p99, (x) => x.toFixed(3))} | ${verdict(p99.median <= 1.05)} |
`;
}

function costSection(results: RunResults): string {
  const c = results.cost;
  if (isSkipped(c)) return `### 1b. Where the client time goes\n\nNot measured: ${c.skipped}\n`;
  const base = c.usPerRequest.static;
  const rows = COST_VARIANTS.map((v) => {
    const s = c.usPerRequest[v];
    return [
      COST_LABELS[v],
      spread(s, (x) => x.toFixed(1)),
      v === "static" ? "—" : `${(s.median - base.median).toFixed(1)} / ${(s.min - base.min).toFixed(1)}`,
    ];
  });
  return `### 1b. Where the client time goes (no network)

The same clients sending through a stub \`fetch\` that answers at once, so only client-side work is left: client
process CPU time per request (µs; CPU time rather than wall time, so other processes on the machine disturb it less),
${c.rounds} balanced rounds of ${c.requestsPerRound.toLocaleString("en-US")} requests at concurrency ${c.concurrency}. Each row adds one piece.

![client cost](charts/client-cost.svg)

${table(["variant", "CPU µs / request, median (min–max, n)", "over (a): median / best-round µs"], rows)}

A warm \`TokenCache.getToken()\` alone: ${spread(c.getTokenUs, (x) => x.toFixed(2))} µs per call.
`;
}

function stampedeSection(results: RunResults): string {
  const s = results.stampede;
  if (isSkipped(s)) return `## 2. Cold stampede\n\nNot measured: ${s.skipped}\n`;
  const rows = s.rows.map((r) => [
    r.callers.toLocaleString("en-US"),
    r.cells.ours.tokenRequests.toLocaleString("en-US"),
    r.cells.naive.tokenRequests.toLocaleString("en-US"),
    r.cells["no-single-flight"].tokenRequests.toLocaleString("en-US"),
    `${r.cells.ours.failedCalls} / ${r.cells.naive.failedCalls} / ${r.cells["no-single-flight"].failedCalls}`,
  ]);
  return `## 2. Cold stampede

N calls start at once on a fresh client (empty cache); the server counts token requests. The token endpoint
answers after ${s.tokenLatencyMs} ms; every variant sends through the same fetch limited to ${s.maxInFlight.toLocaleString("en-US")} requests in flight
(file-descriptor limit). One run per N (the counts are deterministic for ours; the baselines' counts depend on timing).

![stampede](charts/stampede.svg)

${table(["N", "ours", "naive docs middleware", "cache without single-flight (Speakeasy-like)", "failed calls (ours / naive / no-SF)"], rows)}
`;
}

function providersSection(results: RunResults): string {
  const p = results.providers;
  if (isSkipped(p))
    return `### 2b. The three provider clients against the provider emulator\n\nNot measured: ${p.skipped}\n`;
  return `### 2b. The three provider clients against the provider emulator

\`createDollrClient\`, \`createTurrisClient\` and \`createDuroClient\` (built packages, default options) against
scripts/lib/emulator (its own process, each provider's exact token dialect, Turris' documented 10 token requests per
minute enforced, token endpoint ${p.tokenLatencyMs} ms): ${p.callers.toLocaleString("en-US")} concurrent first calls per client, token requests counted by the emulator.

${table(
  ["provider client", "calls", "failed", "token requests", "p50 ms", "p99 ms"],
  p.rows.map((r) => [
    r.provider,
    String(r.calls),
    String(r.failedCalls),
    String(r.tokenRequests),
    r.p50Ms.toFixed(1),
    r.p99Ms.toFixed(1),
  ]),
)}
`;
}

function refreshSection(results: RunResults): string {
  const r = results.refresh;
  if (isSkipped(r)) return `## 3. Refresh boundary\n\nNot measured: ${r.skipped}\n`;
  const rows = (["ours", "no-single-flight"] as const).map((v) => {
    const c = r.cells[v];
    return [
      v === "ours" ? "ours (auth-core cache + middleware)" : "blocking refresh, no single-flight",
      `${c.tokenRequestsPerRefresh.toFixed(2)} (${c.tokenRequests} in ${c.refreshes})`,
      c.tokenRequestsPerLifetime.toFixed(2),
      String(c.calls),
      String(c.failedCalls),
      String(c.unauthorized),
      `${c.insideWindow.p50Ms.toFixed(2)} / ${c.insideWindow.p99Ms.toFixed(2)} / ${c.insideWindow.maxMs.toFixed(1)} (${c.insideWindow.calls} calls)`,
      `${c.outsideWindow.p50Ms.toFixed(2)} / ${c.outsideWindow.p99Ms.toFixed(2)} / ${c.outsideWindow.maxMs.toFixed(1)} (${c.outsideWindow.calls} calls)`,
    ];
  });
  return `## 3. Refresh boundary

Steady closed-loop load (${r.concurrency} callers) across ${r.lifetimes} real token lifetimes of ${r.lifetimeMs / 1000} s; the token endpoint answers after
${r.tokenLatencyMs} ms; refresh window ${r.windowMs} ms (10 % of the lifetime, the default rule). A call is "inside" when it starts in the last
${r.windowMs} ms of a token's lifetime as the client sees it. The server rejects expired tokens, so a late refresh shows up as 401s.
Token requests that start within one refresh window of each other count as one refresh; refreshing at 90 % of the
lifetime means about 1.1 refreshes per lifetime, so "per refresh" is the figure that shows duplicate requests.

![refresh](charts/refresh.svg)

${table(
  [
    "variant",
    "token requests / refresh",
    "token requests / lifetime",
    "calls",
    "failed",
    "401s seen",
    "inside: p50 / p99 / max ms",
    "outside: p50 / p99 / max ms",
  ],
  rows,
)}
`;
}

function stormSection(results: RunResults): string {
  const s = results.storm;
  if (isSkipped(s)) return `## 4. 401 storm\n\nNot measured: ${s.skipped}\n`;
  const rows = s.rows.map((r) => [
    r.concurrent.toLocaleString("en-US"),
    r.cells.ours.refetches.toLocaleString("en-US"),
    r.cells.unconditional.refetches.toLocaleString("en-US"),
    r.cells["no-single-flight"].refetches.toLocaleString("en-US"),
    `${r.cells.ours.failedCalls} / ${r.cells.unconditional.failedCalls} / ${r.cells["no-single-flight"].failedCalls}`,
  ]);
  return `## 4. 401 storm

A warm client's token is revoked at the server; then K calls start at once with it, and the server answers each 401 after
a random delay in [0, ${s.staggerMs} ms], so the 401s arrive staggered while refetches are in flight (token endpoint: ${s.tokenLatencyMs} ms).
Every variant replays a rejected call once with the new token. Unconditional invalidation refetches whenever a 401
arrives after the previous refetch finished, so its count depends on timing: roughly the stagger divided by one refetch's
duration, and fewer when the client is CPU-bound (at K = 1,000 handling the 401s and replays takes longer than the
stagger, so most 401s queue behind one refetch). Compare-and-invalidate does not depend on timing.

![storm](charts/storm.svg)

${table(["K", "ours (compare-and-invalidate)", "unconditional invalidation, single-flight", "unconditional, no single-flight", "failed calls (ours / uncond. / no-SF)"], rows)}
`;
}

function generationSection(results: RunResults): string {
  const g = results.generation;
  if (isSkipped(g)) return `## 5. Generation\n\nNot measured: ${g.skipped}\n`;
  const rows = g.map((r) => [
    r.name,
    r.operations.toLocaleString("en-US"),
    kib(r.specBytes),
    spread(r.ours.wall, (x) => x.toFixed(0)),
    spread(r.cli.wall, (x) => x.toFixed(0)),
    `${r.ratio.median.toFixed(2)} (${r.ratio.min.toFixed(2)}–${r.ratio.max.toFixed(2)})`,
    `${r.cpuRatio.median.toFixed(2)}`,
    `${r.oursCore.median.toFixed(0)} / ${r.cliCore.median.toFixed(0)} (${r.coreRatio.median.toFixed(2)})`,
    r.oursViaTsx ? `${r.oursViaTsx.wall.median.toFixed(0)} (n=${r.oursViaTsx.wall.runs})` : "—",
    spread(r.tsc.wall, (x) => x.toFixed(0)),
  ]);
  return `## 5. Generation

Each tool runs as its own Node process, alternating which goes first. "ours" is scripts/lib/generate-provider.ts
(\`generateProvider\` + \`writeGeneratedFiles\`, bundled with esbuild so it runs on plain Node like the CLI); "via tsx" is
\`tsx scripts/generate.ts --out … <provider>\` exactly as \`pnpm generate\` runs it (tsx start-up included). The CLI is
node_modules/openapi-typescript/bin/cli.js on the same file. CPU time is the child's own user+system time (robust on a busy
machine). "After module load" is each tool's own time from the end of module loading to the file written: the CLI prints
it, ours measures the same span; the difference to wall time is Node start-up plus module loading. \`tsc\` type-checks a consumer file that calls one operation through \`createClient<paths>\` (skipLibCheck, strict).
Synthetic documents: N operations, half GET half POST, each with its own path and component schema.

![generation](charts/generation.svg)

${table(["document", "operations", "size", "ours ms", "CLI ms", "wall ratio", "CPU ratio", "after module load: ours / CLI ms (ratio)", "via tsx ms", "tsc --noEmit ms"], rows)}
`;
}

function footprintSection(results: RunResults): string {
  const f = results.footprint;
  if (isSkipped(f)) return `## 6. Footprint\n\nNot measured: ${f.skipped}\n`;
  const rows = f.bundles.map((b) => [
    b.provider,
    kib(b.minBytes),
    kib(b.gzipBytes),
    ...["ours", "openapi-fetch", "zod"].map((group) => {
      const part = b.parts.find((p) => p.group === group);
      return part ? `${kib(part.minBytes)} / ${kib(part.gzipBytesEstimate)}` : "—";
    }),
  ]);
  const install = isSkipped(f.install)
    ? `Installed size: not measured (${f.install.skipped}).`
    : `\`npm install @scope/dollr\` alone, into an empty project (the workspace packages packed with \`pnpm pack\`, dependencies from
the registry): **${f.install.packages} packages, ${kib(f.install.bytes)}** on disk.

${table(
  ["package", "installed size"],
  f.install.byPackage.map((p) => [p.name, kib(p.bytes)]),
)}

Tarballs: ${Object.entries(f.install.tarballBytes)
        .map(([name, bytes]) => `${name} ${kib(bytes)}`)
        .join(", ")}.`;
  return `## 6. Footprint

Each provider's ESM entry (\`export *\` from packages/<provider>/dist/index.js) bundled by esbuild with all runtime
dependencies (minify, tree-shaking, platform node), gzip level 9 via node:zlib. The split comes from esbuild's metafile
(exact minified bytes per dependency); gzip does not add up per part, so each part's gzip figure is the bundle's gzip
size shared out in proportion to its minified bytes.

![footprint](charts/footprint.svg)

${table(["package", "min", "min+gzip", "ours (min / gzip)", "openapi-fetch (min / gzip)", "zod (min / gzip)"], rows)}

${install}
`;
}

function fleetSection(results: RunResults): string {
  const f = results.fleet;
  if (isSkipped(f)) return `## 7. Fleet (shared Redis token store)\n\nNot measured: ${f.skipped}\n`;
  const body = f.scenarios
    ? `![fleet](charts/fleet.svg)

${table(
  [
    "scenario",
    "processes",
    "shared store",
    "cold-start token requests",
    "token requests / lifetime",
    "calls",
    "failed",
  ],
  f.scenarios.map((s) => [
    s.name,
    String(s.processes),
    s.sharedStore ? "Redis" : "none",
    String(s.coldStartTokenRequests),
    s.tokenRequestsPerLifetime.toFixed(2),
    s.calls.toLocaleString("en-US"),
    String(s.failedCalls),
  ]),
)}`
    : `\`\`\`\n${f.output}\n\`\`\``;
  return `## 7. Fleet (shared Redis token store)

From \`${f.script}\` (the Redis token store's own benchmark: worker processes, the provider emulator and a throwaway
redis-server), run by \`pnpm bench\` in ${ms(f.wallMs)}. Tokens refresh at 90 % of their lifetime, so one refresher makes
about 1.1 token requests per lifetime.

${body}
`;
}

/** Which suites a later partial run measured again (their sections carry that run's figures). */
function rerunNote(results: RunResults): string {
  const reruns = results.reruns ?? [];
  if (reruns.length === 0) return "";
  const parts = reruns.map(
    (r) =>
      `${r.suites.join(", ")} by \`${r.command}\` on ${r.date.slice(0, 10)} (${(r.totalMs / 1000).toFixed(0)} s, load average ${r.loadAverage[0]} / ${r.loadAverage[1]} at start / end; each section's ratios are within that run)`,
  );
  return `, except the suites measured again later: ${parts.join("; ")}`;
}

/** The whole RESULTS.md. */
export function renderResultsMarkdown(results: RunResults): string {
  const m = results.machine;
  const heads = headlines(results);
  return `# Benchmark results

Produced by \`${results.command}\` (${results.mode} run, ${(results.totalMs / 1000).toFixed(0)} s) on ${m.date.slice(0, 10)}.
Every figure below comes from this one run${rerunNote(results)}. Do not edit by hand: re-run the command.

| machine | |
| --- | --- |
| CPU | ${m.cpuModel} × ${m.cores} cores |
| memory | ${m.memoryGiB} GiB |
| OS | ${m.os} |
| Node | ${m.node} |
| load average (1 min) at start / end | ${m.loadAverage} / ${results.loadAverageAtEnd} |

The HTTP target is a separate Node process on 127.0.0.1 (benchmarks/src/harness/bench-server.ts) that speaks the
providers' token dialects and counts token requests, so its CPU cost never mixes with the client's. Spread is shown as
median (min–max, n = runs).

## Headlines

![main chart](charts/${MAIN_CHART})

${table(
  ["claim", "target", "measured", "verdict"],
  heads.map((h) => [h.claim, h.target, h.measured, verdict(h.met)]),
)}

${
  notes(results).length > 0
    ? `### Reading this run\n\n${notes(results)
        .map((line) => `- ${line}`)
        .join("\n")}\n`
    : ""
}
${overheadSection(results)}
${costSection(results)}
${telemetrySection(results)}
${stampedeSection(results)}
${providersSection(results)}
${refreshSection(results)}
${stormSection(results)}
${generationSection(results)}
${footprintSection(results)}
${fleetSection(results)}
${resilienceSection(results)}
${outageSection(results)}
${responseChecksSection(results.checks)}`;
}

function resilienceSection(results: RunResults): string {
  const r = results.resilience;
  if (r === undefined || isSkipped(r))
    return `## 6. Resilience: retries and idempotency\n\nNot measured: ${r?.skipped ?? "not in this run"}\n`;
  const label = {
    plain: "plain openapi-fetch (no retry)",
    naive: "naive retry loop (2 retries on error/5xx, no key)",
    ours: "ours: the resilience layer, defaults (2 retries)",
    oursMaxRetries3: "ours with `maxRetries: 3`",
  };
  const rows = (["plain", "naive", "ours", "oursMaxRetries3"] as const).map((v) => {
    const c = r.cells[v];
    return [
      label[v],
      `${c.succeeded.toLocaleString("en-US")} / ${c.calls.toLocaleString("en-US")} = ${(c.successRate * 100).toFixed(2)} %`,
      String(c.duplicateCharges),
      c.requests.toLocaleString("en-US"),
      ms(c.elapsedMs),
    ];
  });
  return `## 6. Resilience: retries and idempotency

A separate process on 127.0.0.1 (benchmarks/src/suites/resilience/flaky-server.ts) serves \`POST /v1/charges\`, an operation
that declares an \`Idempotency-Key\` header. ${(r.failureRate * 100).toFixed(0)} % of calls fail at random (a seeded sequence): half answer 503
before doing anything, half commit the charge and then drop the connection. A repeated key gets the stored answer, as
payment APIs do. ${r.calls.toLocaleString("en-US")} logical creates per variant, ${r.concurrency} concurrent callers; a duplicate is a logical call charged twice.

${table(["variant", "succeeded", "duplicate charges", "requests sent", "wall time"], rows)}

With no failures, ${r.rounds} interleaved rounds of ${r.durationMs} ms each: plain openapi-fetch ${spread(r.plainRps, (x) => Math.round(x).toLocaleString("en-US"))} req/s,
ours ${spread(r.oursRps, (x) => Math.round(x).toLocaleString("en-US"))} req/s; ratio ours / plain per round ${spread(r.throughputRatio, (x) => x.toFixed(3))}
(target >= 0.97: ${verdict(r.throughputRatio.median >= 0.97)}).
`;
}

function outageSection(results: RunResults): string {
  const r = results.outage;
  if (r === undefined || isSkipped(r))
    return `## 8. Retry amplification while the API is down\n\nNot measured: ${r?.skipped ?? "not in this run"}\n`;
  const label = {
    naive: "naive retry loop (2 retries on error/5xx)",
    oursNoBudget: "ours with `retryBudget: false` (2 retries)",
    ours: "ours: the resilience layer, defaults (retry budget on)",
  };
  const rows = (["naive", "oursNoBudget", "ours"] as const).map((v) => {
    const c = r.cells[v];
    return [
      label[v],
      c.calls.toLocaleString("en-US"),
      c.requests.toLocaleString("en-US"),
      c.amplification.toFixed(3),
      spread(c.callMs, (x) => x.toFixed(0)),
    ];
  });
  return `## 8. Retry amplification while the API is down

The flaky payment API of section 6 (its own process on 127.0.0.1) answers every call with 503 for ${(r.durationMs / 1000).toFixed(0)} s while
${r.ratePerSecond} logical \`POST /v1/charges\` calls start per second at a steady rate (an open loop: failing calls do not slow
the arrivals). Retry amplification is the requests the server received divided by the calls made (1.0 = no retries). One
variant after the other in the same run, each with a fresh client. The retry budget is a token bucket per origin
(500 tokens, 5 per retry, 10 after a timeout, refilled by successes): once it is empty, calls fail fast with the 503.

${table(["variant", "calls", "requests sent", "amplification", "time to fail, ms"], rows)}

Target: ours <= 1.1: ${verdict(r.cells.ours.amplification <= 1.1)}.
`;
}

function telemetrySection(results: RunResults): string {
  const t = results.telemetry;
  if (t === undefined || isSkipped(t))
    return `### 1c. What events, logging and OpenTelemetry cost (no network)\n\nNot measured: ${t?.skipped ?? "not in this run"}\n`;
  const off = t.usPerRequest.off.median;
  const rows = TELEMETRY_VARIANTS.map((v) => {
    const s = t.usPerRequest[v];
    const extra = v === "off" ? "" : `+${(s.median - off).toFixed(1)}`;
    return [TELEMETRY_LABELS[v], s.median.toFixed(1), `${s.min.toFixed(1)}–${s.max.toFixed(1)}`, extra];
  });
  return `### 1c. What events, logging and OpenTelemetry cost (no network)

Client CPU (user + system) per call of \`createDollrClient\` against a stub fetch, ${t.rounds} interleaved rounds
of ${t.requestsPerRound.toLocaleString("en-US")} calls (concurrency ${t.concurrency}). "Extra" is the median over
the plain client's: with nothing attached no event is built.

${table(["variant", "µs per call (median)", "range", "extra µs"], rows)}
`;
}
