/**
 * uPlot draws on a canvas, which jsdom does not have. This stand-in keeps what each chart was given,
 * so tests can check the figures reach it; the browser tests draw the real one.
 */
export default class FakePlot {
  static drawn: Array<{ labels: string[]; data: number[][] }> = [];
  constructor(options: { series: Array<{ label?: string }> }, data: number[][]) {
    FakePlot.drawn.push({ labels: options.series.slice(1).map((s) => s.label ?? ''), data });
  }
  setSize(): void {}
  destroy(): void {}
}
