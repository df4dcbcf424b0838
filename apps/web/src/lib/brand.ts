/**
 * The brand colour applied as design tokens, with text colours chosen to stay readable: the colour
 * of text on a brand button, and whether links can wear the brand colour on light and dark surfaces
 * (WCAG AA, 4.5:1) or keep the default link colour.
 */
const LIGHT_SURFACE = '#ffffff';
const DARK_SURFACE = '#1b1b21';

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two #rrggbb colours, from 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export const isHexColour = (value: string) => /^#[0-9a-f]{6}$/i.test(value);

/** The CSS custom properties a brand colour sets. */
export function brandTokens(colour: string): Record<string, string> {
  const tokens: Record<string, string> = {
    '--credits-brand': colour,
    '--credits-brand-fg': contrast(colour, '#ffffff') >= contrast(colour, '#111111') ? '#ffffff' : '#111111',
  };
  if (contrast(colour, LIGHT_SURFACE) >= 4.5) tokens['--credits-link-light'] = colour;
  if (contrast(colour, DARK_SURFACE) >= 4.5) tokens['--credits-link-dark'] = colour;
  return tokens;
}

export function applyBrandColour(colour: string | null, root: HTMLElement = document.documentElement): void {
  if (!colour || !isHexColour(colour)) return;
  for (const [name, value] of Object.entries(brandTokens(colour))) root.style.setProperty(name, value);
}
