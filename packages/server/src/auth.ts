/**
 * Who is asking, and what they may read.
 *
 * - Bearer tokens from the configuration (`Authorization: Bearer <token>`),
 *   each with its data sets and its `pii` right. Tokens are compared by their
 *   SHA-256 in constant time; the file may hold the hash instead of the token.
 * - Or a host-supplied module (`auth.module`), for a session cookie or any
 *   other check the intranet already has:
 *
 *   ```js
 *   // auth.mjs
 *   export async function authenticate(req) {
 *     // req: node:http IncomingMessage (headers, cookies, remote address…)
 *     const user = await mySessions.lookup(req.headers.cookie);
 *     if (!user) return null;                       // → 401
 *     return { user: user.login, datasets: ['orders'], pii: user.isManager };
 *   }
 *   ```
 *
 *   Return `null` to refuse; throwing is logged and answered 401 too.
 * - `anonymous` access, only when configured (local use).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { IncomingMessage } from 'node:http';
import type { AuthConfig } from './config.js';

export interface Principal {
  user: string;
  datasets: string[] | '*';
  pii: boolean;
}

export type Authenticate = (req: IncomingMessage) => Promise<Principal | null> | Principal | null;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** May `p` read `dataset`? */
export function mayRead(p: Principal, dataset: string): boolean {
  return p.datasets === '*' || p.datasets.includes(dataset);
}

/** The check the configuration describes. */
export async function authenticator(cfg: AuthConfig): Promise<Authenticate> {
  let hook: Authenticate | undefined;
  if (cfg.module) {
    const mod = (await import(pathToFileURL(cfg.module).href)) as { authenticate?: Authenticate; default?: { authenticate?: Authenticate } };
    hook = mod.authenticate ?? mod.default?.authenticate;
    if (typeof hook !== 'function') throw new Error(`${cfg.module} does not export authenticate(req)`);
  }
  const tokens = (cfg.tokens ?? []).map((t) => ({ ...t, hash: t.sha256 ? Buffer.from(t.sha256, 'hex') : sha256(t.token!) }));
  return async (req) => {
    const header = req.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer\s+([A-Za-z0-9._~+/=-]{1,512})\s*$/.exec(header);
      if (!m) return null;
      const h = sha256(m[1]);
      // Every token is compared, so the time taken does not tell which one was close.
      let found: (typeof tokens)[number] | undefined;
      for (const t of tokens) if (t.hash.length === h.length && timingSafeEqual(t.hash, h)) found = t;
      if (found) return { user: found.name, datasets: found.datasets, pii: !!found.pii };
      if (!hook) return null;
    }
    if (hook) {
      const p = await hook(req);
      if (p) return { user: String(p.user), datasets: p.datasets, pii: !!p.pii };
      return null;
    }
    if (cfg.anonymous) return { user: 'anonymous', datasets: cfg.anonymous.datasets, pii: !!cfg.anonymous.pii };
    return null;
  };
}
