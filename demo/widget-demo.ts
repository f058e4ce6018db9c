/**
 * Single-widget demo pages (pareto-curve.html, profit-matrix.html): every element registered; each
 * control `<input|select data-attr="name">` sets that attribute on the page's widget (`.widget`), an empty
 * value removes it. `?lang=zh-Hant` (or zh-Hans) switches the widget's language, `?src=URL` the file.
 */
import '@crmkit/elements/bundle';

const widget = document.querySelector<HTMLElement>('.widget')!;
const params = new URLSearchParams(location.search);
if (params.get('lang')) {
  widget.setAttribute('lang', params.get('lang')!);
  const control = document.querySelector<HTMLSelectElement>('[data-attr="lang"]');
  if (control) control.value = params.get('lang')!;
}
if (params.get('src')) document.querySelector('crm-source')!.setAttribute('src', params.get('src')!);
// CDNOW's amounts are US dollars (another file: the currency of the page's locale, unless ?currency=…).
if (!params.get('src') && !params.get('currency')) widget.setAttribute('currency', 'USD');
for (const [key, value] of params) {
  if (key === 'lang' || key === 'src') continue;
  widget.setAttribute(key, value);
  const control = document.querySelector<HTMLInputElement>(`[data-attr="${CSS.escape(key)}"]`);
  if (control) control.value = value;
}

for (const control of document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-attr]')) {
  control.addEventListener('change', () => {
    const name = control.dataset.attr!;
    if (control.value.trim() === '') widget.removeAttribute(name);
    else widget.setAttribute(name, control.value);
  });
}

const log = document.getElementById('selection');
if (log) {
  widget.addEventListener('crm-select', (ev) => {
    log.textContent = ev.detail.clause ? ev.detail.clause.label : '—';
  });
}
