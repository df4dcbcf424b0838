/** Minimal HTML helpers for the simulator's pages (no template engine, everything escaped). */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="icon" href="data:,">
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f5f5f7; color: #1d1d1f; }
  main { max-width: 28rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: 12px; box-shadow: 0 1px 4px #0002; }
  main.wide { max-width: 72rem; }
  .banner { background: #fff4ce; border: 1px solid #e6c700; padding: .5rem .75rem; border-radius: 8px; font-size: .875rem; }
  label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
  input { width: 100%; box-sizing: border-box; font: inherit; padding: .6rem .75rem; border: 1px solid #aaa; border-radius: 8px; }
  button { margin-top: 1.25rem; width: 100%; font: inherit; font-weight: 600; padding: .75rem; border: 0; border-radius: 8px; background: #c2410c; color: #fff; cursor: pointer; }
  button:focus-visible, a:focus-visible, input:focus-visible { outline: 3px solid #0a66ff; outline-offset: 2px; }
  .error { color: #b00020; background: #fde7ea; padding: .5rem .75rem; border-radius: 8px; }
  .amount { font-size: 2rem; font-weight: 700; margin: .25rem 0 1rem; }
  .muted { color: #555; font-size: .875rem; }
  table { border-collapse: collapse; width: 100%; font-size: .875rem; margin-bottom: 2rem; }
  th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
  code { font-size: .8rem; }
</style>
</head>
<body>
${body}
</body>
</html>`;
}
