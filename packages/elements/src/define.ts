/** Registers every crmkit element. Import once: `import '@crmkit/elements/define'`. */
import './source/define.js';
import './kpis/define.js';
