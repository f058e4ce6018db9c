import type { ReactiveController, ReactiveControllerHost } from 'lit';

const DARK = '(prefers-color-scheme: dark)';

/** Whether a widget with `theme` draws dark: `dark` always, `light` never, anything else (auto) as the system prefers. */
export function isDark(theme: string | null | undefined): boolean {
  if (theme === 'dark') return true;
  if (theme === 'light') return false;
  return typeof matchMedia === 'function' && matchMedia(DARK).matches;
}

/** Re-renders its host when the system's colour scheme changes (for colours computed in script, e.g. a chart's ramp). */
export class ColorSchemeController implements ReactiveController {
  private query?: MediaQueryList;
  private readonly onChange = () => this.host.requestUpdate();
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }
  hostConnected(): void {
    if (typeof matchMedia !== 'function') return;
    this.query = matchMedia(DARK);
    this.query.addEventListener('change', this.onChange);
  }
  hostDisconnected(): void {
    this.query?.removeEventListener('change', this.onChange);
  }
}
