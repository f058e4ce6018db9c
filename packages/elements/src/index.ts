export { CrmElement, define } from './internal/crm-element.js';
export { CrmWidget, findSource, type RenderContext } from './internal/widget.js';
export { setAssetBase, setEngineFactory, getEngine } from './internal/engine.js';
export { CrmSource, type SourceState, type SourceSnapshot } from './source/source.js';
export { normalizeLang, resolveLang, translate, LANGS, type Lang, type Messages } from './i18n/locale.js';
export { formatter, type Formatter } from './i18n/format.js';
export type { CrmLoadDetail, CrmErrorEventDetail, CrmProgressDetail, CrmSelectDetail } from './events.js';
export { CrmKpis } from './kpis/kpis.js';
