/** The site navigation, built from the demo's pages (every demo/*.html). */
import pages from 'virtual:demo-pages';

export function mountNav(nav: HTMLElement): void {
  const here = location.pathname.split('/').pop() || 'index.html';
  for (const p of pages) {
    const a = document.createElement('a');
    a.href = `./${p.file}`;
    a.textContent = p.title.replace(/^crmkit[^—–]*[—–]\s*/i, '');
    if (p.lang !== document.documentElement.lang) a.lang = p.lang;
    if (p.file === here) a.setAttribute('aria-current', 'page');
    nav.append(a);
  }
}
