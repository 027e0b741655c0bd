/** Hand-built SVG charts, drawn from the measured numbers (no chart library, deterministic output). */

const PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1"];
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';

/** One bar: its value and optional whisker (e.g. min–max of the runs). */
export interface Bar {
  value: number;
  low?: number;
  high?: number;
}

/** A horizontal grouped bar chart: each group holds one bar per series. */
export interface BarChart {
  title: string;
  unit: string;
  series: string[];
  groups: { label: string; bars: Bar[] }[];
  /** Log-scale value axis (for counts spanning decades), starting at 0.5 so a count of 1 is visible. */
  log?: boolean;
  /** A vertical reference line (e.g. the target). */
  reference?: { value: number; label: string };
}

/** A line chart of several series over a numeric x axis. */
export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: { name: string; points: { x: number; y: number }[] }[];
  logX?: boolean;
  logY?: boolean;
}

/** Escapes text for SVG content and attributes. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Short human form of a number: 1234 -> "1,234", 0.9712 -> "0.971", 12.345 -> "12.3". */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  const magnitude = Math.abs(value);
  if (Number.isInteger(value) || magnitude >= 100) return Math.round(value).toLocaleString("en-US");
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function legend(series: string[], x: number, y: number): string {
  return series
    .map((name, i) => {
      const left = x + i * 170;
      return `<rect x="${left}" y="${y - 10}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/><text x="${left + 18}" y="${y}" font-size="12" ${FONT}>${escapeXml(name)}</text>`;
    })
    .join("");
}

/** Renders a grouped horizontal bar chart with value labels and optional whiskers. */
export function renderBarChart(chart: BarChart): string {
  const longest = Math.max(...chart.groups.map((g) => g.label.length), 8);
  const labelWidth = Math.max(120, Math.ceil(longest * 7) + 16);
  const plotWidth = 460;
  const barHeight = 16;
  const groupGap = 14;
  const top = 56;
  const perGroup = chart.series.length * barHeight + groupGap;
  const height = top + chart.groups.length * perGroup + 40;
  const width = labelWidth + plotWidth + 110;
  const values = chart.groups.flatMap((g) => g.bars.flatMap((b) => [b.value, b.high ?? b.value]));
  if (chart.reference) values.push(chart.reference.value);
  const maxValue = chart.log ? 10 ** Math.ceil(Math.log10(Math.max(10, ...values))) : niceMax(Math.max(...values));
  // A log axis starts at 0.5 so that a count of 1 still shows as a bar; 0 has no bar.
  const logFloor = 0.5;
  const scale = (v: number): number =>
    chart.log
      ? v <= 0
        ? 0
        : (Math.log10(Math.max(logFloor, v) / logFloor) / Math.log10(maxValue / logFloor)) * plotWidth
      : (Math.max(0, v) / maxValue) * plotWidth;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold" ${FONT}>${escapeXml(chart.title)}</text>`,
    legend(chart.series, 12, 44),
  ];
  const ticks = chart.log
    ? Array.from({ length: Math.round(Math.log10(maxValue)) + 1 }, (_, i) => 10 ** i)
    : [0, 0.25, 0.5, 0.75, 1].map((f) => f * maxValue);
  for (const tick of ticks) {
    const x = labelWidth + scale(tick);
    parts.push(
      `<line x1="${x.toFixed(1)}" y1="${top - 4}" x2="${x.toFixed(1)}" y2="${height - 34}" stroke="#e0e0e0"/>`,
      `<text x="${x.toFixed(1)}" y="${height - 20}" font-size="10" text-anchor="middle" ${FONT}>${escapeXml(formatNumber(tick))}</text>`,
    );
  }
  parts.push(
    `<text x="${labelWidth + plotWidth / 2}" y="${height - 6}" font-size="11" text-anchor="middle" ${FONT}>${escapeXml(chart.unit)}${chart.log ? " (log scale)" : ""}</text>`,
  );
  chart.groups.forEach((group, g) => {
    const groupTop = top + g * perGroup;
    parts.push(
      `<text x="${labelWidth - 8}" y="${groupTop + (chart.series.length * barHeight) / 2 + 4}" font-size="12" text-anchor="end" ${FONT}>${escapeXml(group.label)}</text>`,
    );
    group.bars.forEach((bar, s) => {
      const y = groupTop + s * barHeight;
      const w = scale(bar.value);
      parts.push(
        `<rect x="${labelWidth}" y="${y + 1}" width="${w.toFixed(1)}" height="${barHeight - 2}" fill="${PALETTE[s % PALETTE.length]}"/>`,
      );
      if (bar.low !== undefined && bar.high !== undefined) {
        const x1 = labelWidth + scale(bar.low);
        const x2 = labelWidth + scale(bar.high);
        const mid = y + barHeight / 2;
        parts.push(
          `<path d="M${x1.toFixed(1)} ${mid}H${x2.toFixed(1)}M${x1.toFixed(1)} ${mid - 4}V${mid + 4}M${x2.toFixed(1)} ${mid - 4}V${mid + 4}" stroke="#333" fill="none"/>`,
        );
      }
      const labelX = labelWidth + Math.max(w, bar.high !== undefined ? scale(bar.high) : 0) + 6;
      parts.push(
        `<text x="${labelX.toFixed(1)}" y="${y + barHeight - 4}" font-size="11" ${FONT}>${escapeXml(formatNumber(bar.value))}</text>`,
      );
    });
  });
  if (chart.reference) {
    const x = labelWidth + scale(chart.reference.value);
    parts.push(
      `<line x1="${x.toFixed(1)}" y1="${top - 6}" x2="${x.toFixed(1)}" y2="${height - 34}" stroke="#e15759" stroke-dasharray="4 3"/>`,
      `<text x="${(x + 4).toFixed(1)}" y="${top - 8}" font-size="10" fill="#e15759" ${FONT}>${escapeXml(chart.reference.label)}</text>`,
    );
  }
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

/** Renders a multi-series line chart with markers, optionally log-scaled on either axis. */
export function renderLineChart(chart: LineChart): string {
  const left = 70;
  const top = 56;
  const plotWidth = 520;
  const plotHeight = 260;
  const width = left + plotWidth + 40;
  const height = top + plotHeight + 50;
  const xs = chart.series.flatMap((s) => s.points.map((p) => p.x));
  const ys = chart.series.flatMap((s) => s.points.map((p) => p.y));
  const axis = (values: number[], log: boolean | undefined): { min: number; max: number; f: (v: number) => number } => {
    if (log) {
      const min = 10 ** Math.floor(Math.log10(Math.max(1e-9, Math.min(...values))));
      const max = 10 ** Math.ceil(Math.log10(Math.max(min * 10, ...values)));
      return {
        min,
        max,
        f: (v) => (Math.log10(Math.max(min, v)) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)),
      };
    }
    const max = niceMax(Math.max(...values));
    return { min: 0, max, f: (v) => v / max };
  };
  const xAxis = axis(xs, chart.logX);
  const yAxis = axis(ys, chart.logY);
  const px = (x: number): number => left + xAxis.f(x) * plotWidth;
  const py = (y: number): number => top + plotHeight - yAxis.f(y) * plotHeight;
  const tickValues = (a: { min: number; max: number }, log: boolean | undefined): number[] => {
    if (!log) return [0, 0.25, 0.5, 0.75, 1].map((f) => f * a.max);
    const out: number[] = [];
    for (let v = a.min; v <= a.max * 1.0001; v *= 10) out.push(v);
    return out;
  };
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold" ${FONT}>${escapeXml(chart.title)}</text>`,
    legend(
      chart.series.map((s) => s.name),
      12,
      44,
    ),
  ];
  for (const tick of tickValues(yAxis, chart.logY)) {
    const y = py(tick);
    parts.push(
      `<line x1="${left}" y1="${y.toFixed(1)}" x2="${left + plotWidth}" y2="${y.toFixed(1)}" stroke="#e0e0e0"/>`,
      `<text x="${left - 6}" y="${(y + 4).toFixed(1)}" font-size="10" text-anchor="end" ${FONT}>${escapeXml(formatNumber(tick))}</text>`,
    );
  }
  for (const tick of tickValues(xAxis, chart.logX)) {
    const x = px(tick);
    parts.push(
      `<line x1="${x.toFixed(1)}" y1="${top}" x2="${x.toFixed(1)}" y2="${top + plotHeight}" stroke="#f0f0f0"/>`,
      `<text x="${x.toFixed(1)}" y="${top + plotHeight + 16}" font-size="10" text-anchor="middle" ${FONT}>${escapeXml(formatNumber(tick))}</text>`,
    );
  }
  parts.push(
    `<text x="${left + plotWidth / 2}" y="${height - 8}" font-size="11" text-anchor="middle" ${FONT}>${escapeXml(chart.xLabel)}${chart.logX ? " (log scale)" : ""}</text>`,
    `<text x="14" y="${top + plotHeight / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 14 ${top + plotHeight / 2})" ${FONT}>${escapeXml(chart.yLabel)}${chart.logY ? " (log)" : ""}</text>`,
  );
  chart.series.forEach((series, s) => {
    const color = PALETTE[s % PALETTE.length];
    const points = [...series.points].sort((a, b) => a.x - b.x);
    const d = points.map((p, i) => `${i === 0 ? "M" : "L"}${px(p.x).toFixed(1)} ${py(p.y).toFixed(1)}`).join("");
    parts.push(`<path d="${d}" stroke="${color}" stroke-width="2" fill="none"/>`);
    for (const p of points) {
      parts.push(`<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3.5" fill="${color}"/>`);
    }
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
