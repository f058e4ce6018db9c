/** Registers every crmkit element. Import once: `import '@crmkit/elements/define'`. */
import './source/define.js';
import './kpis/define.js';
import './customer-list/define.js';
import './customer-card/define.js';
