import { describe, expect, it } from "vitest";
import { escapeXml, formatNumber, renderBarChart, renderLineChart } from "./svg.js";

describe("renderBarChart", () => {
  const chart = {
    title: "Throughput <req/s>",
    unit: "requests per second",
    series: ["static", "ours"],
    groups: [
      { label: "round", bars: [{ value: 1000, low: 900, high: 1100 }, { value: 980 }] },
      { label: "other", bars: [{ value: 10 }, { value: 5 }] },
    ],
    reference: { value: 970, label: "target" },
  };

  it("draws one filled bar per group and series, escaped title and value labels", () => {
    const svg = renderBarChart(chart);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<rect x="120"/g)).toHaveLength(4);
    expect(svg).toContain("Throughput &lt;req/s&gt;");
    expect(svg).toContain(">1,000<");
    expect(svg).toContain(">target<");
  });

  it("is a pure function of the numbers", () => {
    expect(renderBarChart(chart)).toBe(renderBarChart(structuredClone(chart)));
  });

  it("scales a log chart so 10x values are one decade apart and a count of 1 still shows", () => {
    const svg = renderBarChart({
      title: "t",
      unit: "u",
      series: ["a"],
      groups: [
        { label: "one", bars: [{ value: 1 }] },
        { label: "ten", bars: [{ value: 10 }] },
        { label: "hundred", bars: [{ value: 100 }] },
      ],
      log: true,
    });
    const widths = [...svg.matchAll(/<rect x="120" y="[^"]+" width="([^"]+)"/g)].map((m) => Number(m[1]));
    const [one, ten, hundred] = widths as [number, number, number];
    expect(one).toBeGreaterThan(0);
    expect(hundred - ten).toBeCloseTo(ten - one, 1);
  });
});

describe("renderLineChart", () => {
  it("draws a path and a marker per point for each series", () => {
    const svg = renderLineChart({
      title: "growth",
      xLabel: "operations",
      yLabel: "ms",
      logX: true,
      series: [
        {
          name: "ours",
          points: [
            { x: 100, y: 50 },
            { x: 1000, y: 400 },
          ],
        },
        {
          name: "cli",
          points: [
            { x: 100, y: 40 },
            { x: 1000, y: 380 },
          ],
        },
      ],
    });
    expect(svg.match(/<path d="M/g)).toHaveLength(2);
    expect(svg.match(/<circle/g)).toHaveLength(4);
  });
});

describe("formatting helpers", () => {
  it("escapes markup characters", () => {
    expect(escapeXml(`a<b>&"c"`)).toBe("a&lt;b&gt;&amp;&quot;c&quot;");
  });

  it("prints numbers with precision suited to their size", () => {
    expect(formatNumber(12345.6)).toBe("12,346");
    expect(formatNumber(12.345)).toBe("12.3");
    expect(formatNumber(10)).toBe("10");
    expect(formatNumber(1.2345)).toBe("1.23");
    expect(formatNumber(0.97123)).toBe("0.971");
    expect(formatNumber(Number.NaN)).toBe("n/a");
  });
});
