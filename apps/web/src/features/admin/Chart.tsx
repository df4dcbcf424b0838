import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: number[];
  /** A CSS custom property or colour. */
  colour: string;
}

/** A CSS custom property's value on the page (the chart follows the light or dark theme). */
function cssColour(value: string): string {
  return value.startsWith('--') ? getComputedStyle(document.documentElement).getPropertyValue(value).trim() || '#888' : value;
}

/**
 * A line chart (uPlot, drawn on a canvas): an image for assistive technology, named by `label`;
 * the same figures are offered as a table beside it by the caller.
 */
export function Chart({ label, timeLabel, times, series, format }: { label: string; timeLabel: string; times: Date[]; series: ChartSeries[]; format(value: number): string }) {
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = box.current!;
    const axisColour = cssColour('--credits-fg-muted');
    const gridColour = cssColour('--credits-border');
    const plot = new uPlot(
      {
        width: element.clientWidth || 600,
        height: 220,
        // The caller writes the legend (each series with its total): uPlot's shows values only under the cursor.
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true } },
        // The figures are counted in UTC hours and days; the axis says the same.
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        axes: [
          { stroke: axisColour, grid: { stroke: gridColour } },
          { stroke: axisColour, grid: { stroke: gridColour }, values: (_u, ticks) => ticks.map(format), size: 88 },
        ],
        series: [
          { label: timeLabel },
          ...series.map((s) => ({ label: s.label, stroke: cssColour(s.colour), width: 2, value: (_u: uPlot, v: number | null) => (v === null ? '' : format(v)) })),
        ],
      },
      [times.map((t) => t.getTime() / 1000), ...series.map((s) => s.values)],
      element,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: element.clientWidth, height: 220 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [times, series, format, timeLabel]);

  return <div ref={box} className="chart" role="img" aria-label={label} />;
}

/** The chart's legend: each series' colour, name and total over the period. */
export function ChartLegend({ series, total, totalLabel }: { series: ChartSeries[]; total(s: ChartSeries): string; totalLabel: string }) {
  return (
    <ul className="chart-legend">
      {series.map((s) => (
        <li key={s.label}>
          <span className="swatch" style={{ background: s.colour.startsWith('--') ? `var(${s.colour})` : s.colour }} aria-hidden="true" />
          {s.label}: <strong>{total(s)}</strong> <span className="muted">{totalLabel}</span>
        </li>
      ))}
    </ul>
  );
}
