// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { timeline } from '../src/timeline.js';

describe('timeline', () => {
  it('draws one bar a period, negative bars below zero', () => {
    const svg = timeline(
      [
        { t: Date.UTC(2024, 0, 1), value: 100, label: 'Jan: 100' },
        { t: Date.UTC(2024, 1, 1), value: -50, label: 'Feb: -50' },
        { t: Date.UTC(2024, 2, 1), value: 50, label: 'Mar: 50' },
      ],
      { width: 208, height: 100, formatTime: (t) => new Date(t).toISOString().slice(0, 7) },
    );
    const bars = [...svg.querySelectorAll('rect.mark')];
    expect(bars.map((b) => b.getAttribute('aria-label'))).toEqual(['Jan: 100', 'Feb: -50', 'Mar: 50']);
    // y: domain [-50, 100] → range [82, 6]; zero at 82 - 50/150·76 = 56.667
    const zero = Number(svg.querySelector('line.zero')!.getAttribute('y1'));
    expect(zero).toBeCloseTo(56.667, 2);
    // 100 → 6 (top); height 50.667. -50 → 82: bar from zero down, height 25.333
    expect(Number(bars[0].getAttribute('y'))).toBeCloseTo(6, 6);
    expect(Number(bars[0].getAttribute('height'))).toBeCloseTo(50.667, 2);
    expect(Number(bars[1].getAttribute('y'))).toBeCloseTo(56.667, 2);
    expect(Number(bars[1].getAttribute('height'))).toBeCloseTo(25.333, 2);
    expect(bars[1].getAttribute('class')).toContain('negative');
    expect([...svg.querySelectorAll('.axis text')].map((t) => t.textContent)).toEqual(['2024-01', '2024-03']);
  });
});
