import { expect, oneEvent } from '@open-wc/testing';
import './setup.js';
import { dataset } from './setup.js';
import { CDNOW_URL } from './cdnow.js';
import type { CrmDashboard, CrmSource } from '@crmkit/elements';

/** The dashboard's cards of conversion and acquisition, by what the loaded data can feed. */
async function load(attrs: Record<string, string>): Promise<{ dash: CrmDashboard; parts: string[] }> {
  const dash = document.createElement('crm-dashboard') as CrmDashboard;
  dash.setAttribute('lang', 'en');
  document.body.append(dash);
  await dash.updateComplete;
  const src = dash.shadowRoot!.querySelector('crm-source') as CrmSource;
  const loaded = oneEvent(src, 'crm-load');
  for (const [k, v] of Object.entries(attrs)) dash.setAttribute(k, v);
  await loaded;
  await dash.updateComplete;
  const parts = [...dash.shadowRoot!.querySelectorAll('[part]')].map((e) => e.getAttribute('part')!);
  return { dash, parts };
}

describe('<crm-dashboard> shows the conversion and acquisition cards when the data feeds them', () => {
  it('CDNOW (no events, no channel): neither card', async () => {
    const { dash, parts } = await load({ src: CDNOW_URL });
    expect(parts).to.include('pareto');
    expect(parts).not.to.include('conversion');
    expect(parts).not.to.include('acquisition');
    dash.remove();
  });

  it('a shop with channels, a register and events: both cards, drawn', async () => {
    const { dash, parts } = await load({
      src: dataset('shop/crm-1500c-s5-transactions.csv'),
      customers: dataset('shop/crm-1500c-s5-customers.csv'),
      events: dataset('shop/crm-1500c-s5-events.csv'),
    });
    expect(parts).to.include('conversion');
    expect(parts).to.include('acquisition');
    const acq = dash.shadowRoot!.querySelector('crm-acquisition') as HTMLElement & { updateComplete: Promise<unknown>; value?: { channels: { channel: string | null }[] } };
    await acq.updateComplete;
    // The register names every customer's channel: no "(unknown)" group.
    const channels = acq.value!.channels.map((c) => c.channel);
    expect(channels.length).to.be.greaterThan(1);
    expect(channels).not.to.include(null);
    dash.remove();
  });
});
