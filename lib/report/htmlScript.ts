// The HTML report's one inline script: filters, sorting and the view switch. It is progressive
// enhancement (without it every result is listed and the filter form stays hidden), reads only the
// page's own data-* attributes, and runs under the Content-Security-Policy by its hash.
// State lives in the URL fragment (report.html#status=FAILED&view=resource) so a filtered view can
// be linked and tested.
import { createHash } from 'node:crypto';

/** Plain browser JavaScript, kept free of anything the template could interpolate. */
export const SCRIPT = `
(() => {
  const form = document.getElementById('filters');
  if (!form) return;
  const NAMES = ['view', 'status', 'severity', 'service', 'q', 'sort'];
  const DEFAULTS = { view: 'check' };
  const all = (selector, root) => [...(root || document).querySelectorAll(selector)];
  const field = (name) => form.elements.namedItem(name);
  const read = () => Object.fromEntries(NAMES.map((name) => [name, field(name).value.trim()]));
  const matches = (row, f) =>
    (!f.status || row.dataset.status === f.status) &&
    (!f.severity || row.dataset.severity === f.severity) &&
    (!f.service || row.dataset.service === f.service) &&
    (!f.q || row.textContent.toLowerCase().includes(f.q.toLowerCase()));
  const order = (el) => Number(el.dataset.order);
  const compare = (key) => (a, b) =>
    (key ? (a.dataset[key] || '').localeCompare(b.dataset[key] || '') : 0) || order(a) - order(b);
  const apply = () => {
    const f = read();
    const filtering = Boolean(f.status || f.severity || f.service || f.q);
    for (const row of all('tr.result')) row.hidden = !matches(row, f);
    for (const group of all('[data-group]')) {
      const visible = group.querySelector('tr.result:not([hidden])') !== null;
      group.hidden = !visible;
      if (filtering && visible && group.tagName === 'DETAILS') group.open = true;
    }
    for (const list of all('[data-sort-list]')) {
      const items = [...list.children].filter((item) => item.dataset.order !== undefined);
      for (const item of items.sort(compare(f.sort))) list.appendChild(item);
    }
    document.getElementById('by-check').hidden = f.view === 'resource';
    document.getElementById('by-resource').hidden = f.view !== 'resource';
    const rows = all('#by-check tr.result');
    const shown = rows.filter((row) => !row.hidden).length;
    document.getElementById('shown').textContent =
      'Showing ' + shown + ' of ' + rows.length + ' results';
    return f;
  };
  const fromFragment = () => {
    const params = new URLSearchParams(location.hash.slice(1));
    for (const name of NAMES) if (params.has(name)) field(name).value = params.get(name);
  };
  const toFragment = (f) => {
    const params = new URLSearchParams();
    for (const name of NAMES) if (f[name] && f[name] !== DEFAULTS[name]) params.set(name, f[name]);
    try {
      history.replaceState(null, '', '#' + params);
    } catch {
      // A browser that refuses (some file: URLs) still filters; only the link is lost.
    }
  };
  form.addEventListener('input', () => toFragment(apply()));
  form.addEventListener('submit', (event) => event.preventDefault());
  window.addEventListener('hashchange', () => {
    fromFragment();
    apply();
  });
  form.hidden = false;
  fromFragment();
  apply();
})();
`;

/** The CSP source that allows exactly SCRIPT: the base64 SHA-256 of its text. */
export const scriptSource = (script: string = SCRIPT): string =>
  `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
