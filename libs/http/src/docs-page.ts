/**
 * The `/docs` page: renders the service's `/openapi.json` in the browser with a few lines of script, so it needs no
 * network beyond the service itself (no CDN, no UI bundle).
 */
export function docsPage(title: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} API</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:980px;padding:1rem 1.5rem;color:#1d2430}
h1{font-size:1.5rem}h2{font-size:1rem;margin:0}section{border:1px solid #d5dae2;border-radius:6px;margin:.8rem 0;padding:.6rem .9rem}
.m{display:inline-block;min-width:4.2em;font-weight:700;text-transform:uppercase;color:#fff;border-radius:4px;padding:0 .4em;margin-right:.5em;text-align:center}
.get{background:#2f6fbf}.post{background:#2e8b57}.delete{background:#b33}.put,.patch{background:#a76d00}
table{border-collapse:collapse;margin:.4rem 0}td,th{border-bottom:1px solid #e4e7ec;padding:.15rem .6rem;text-align:left;vertical-align:top}
code,pre{font:13px ui-monospace,monospace}pre{background:#f5f7fa;padding:.5rem;overflow:auto;max-height:24rem}
.lock{color:#a76d00}
</style></head><body><h1>${escapeHtml(title)} API</h1><p><a href="openapi.json">openapi.json</a></p><main id="api">loading…</main>
<script>
(async () => {
  const doc = await (await fetch('openapi.json')).json();
  const main = document.getElementById('api');
  main.textContent = '';
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
  if (doc.info.description) main.append(el('p', doc.info.description));
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const section = el('section');
      const head = el('h2');
      head.append(el('span', method, 'm ' + method), el('code', path), el('span', '  ' + op.summary));
      if (op.security) head.append(el('span', '  (API key)', 'lock'));
      section.append(head);
      if (op.description) section.append(el('p', op.description));
      if (op.parameters) {
        const table = el('table');
        table.append(row(['parameter', 'in', 'type', 'required'], 'th'));
        for (const p of op.parameters) table.append(row([p.name, p.in, describe(p.schema), p.required ? 'yes' : ''], 'td'));
        section.append(table);
      }
      if (op.requestBody) section.append(block('request body: ' + Object.keys(op.requestBody.content).join(', '), op.requestBody));
      for (const [status, response] of Object.entries(op.responses)) section.append(block(status + ' ' + response.description, response.content));
      main.append(section);
    }
  }
  function row(cells, tag) { const tr = el('tr'); for (const c of cells) tr.append(el(tag, c)); return tr; }
  function describe(s) { if (!s) return ''; const parts = [s.type ?? (s.enum ? 'enum' : 'any')]; if (s.enum) parts.push(s.enum.join(' | ')); if (s.minimum !== undefined) parts.push('≥ ' + s.minimum); if (s.maximum !== undefined) parts.push('≤ ' + s.maximum); if (s.default !== undefined) parts.push('default ' + JSON.stringify(s.default)); return parts.join(', '); }
  function block(title, body) { const d = el('details'); d.append(el('summary', title)); if (body) d.append(el('pre', JSON.stringify(body, null, 2))); return d; }
})().catch((error) => { document.getElementById('api').textContent = 'cannot load openapi.json: ' + error; });
</script></body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
