/** Registers every crmkit element. Import once: `import '@crmkit/elements/define'`. */
import './source/define.js';
import './data-quality/define.js';
import './kpis/define.js';
import './customer-list/define.js';
import './customer-card/define.js';
import './pareto-curve/define.js';
import './profit-matrix/define.js';
import './segment-pyramid/define.js';
import './lifecycle-funnel/define.js';
import './filter-chips/define.js';
import './dashboard/define.js';
import './customer-value/define.js';
import './conversion-funnel/define.js';
import './acquisition/define.js';
import './tags/define.js';
