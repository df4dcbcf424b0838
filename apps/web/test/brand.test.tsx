import { applyBrandColour, brandTokens, contrast } from '../src/lib/brand';

describe('brand colour', () => {
  it('measures contrast as WCAG does', () => {
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrast('#4f46e5', '#ffffff')).toBeGreaterThan(4.5);
    expect(contrast('#777777', '#777777')).toBe(1);
  });

  it('keeps text readable on a light brand colour, and links out of a faint one', () => {
    const yellow = brandTokens('#facc15');
    expect(yellow['--credits-brand-fg']).toBe('#111111');
    expect(yellow['--credits-link-light']).toBeUndefined();
    expect(yellow['--credits-link-dark']).toBe('#facc15');
  });

  it('puts white on a dark brand colour and lets links wear it on light surfaces', () => {
    const navy = brandTokens('#1e3a8a');
    expect(navy['--credits-brand-fg']).toBe('#ffffff');
    expect(navy['--credits-link-light']).toBe('#1e3a8a');
    expect(navy['--credits-link-dark']).toBeUndefined();
  });

  it('applies a valid colour to the page and ignores anything else', () => {
    const root = document.createElement('div');
    applyBrandColour('#0f766e', root);
    expect(root.style.getPropertyValue('--credits-brand')).toBe('#0f766e');
    const untouched = document.createElement('div');
    applyBrandColour('red; background: url(x)', untouched);
    applyBrandColour(null, untouched);
    expect(untouched.getAttribute('style')).toBeNull();
  });
});
