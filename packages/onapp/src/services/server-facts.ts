import type { VirtualServer } from '../schemas/virtual-server.js';

/** Servers remembered per provider (bounded), and for how long a fact is trusted. */
const MAX_SERVERS = 10_000;
const TRUSTED_MS = 10 * 60_000;

/** What a backup needs to know about a server before it starts. @internal */
export interface ServerFact {
  readonly id: number;
  /** `support_incremental_backups`: a property of the server's hypervisor zone, not of its state. */
  readonly incremental: boolean;
}

/**
 * Backup facts of the servers this provider has seen, so backing up a fleet just listed does not fetch
 * every server again to learn which kind of backup it takes (one call saved per backup on a rate-limited
 * panel). Facts expire after ten minutes; a stale one costs a refused request, not a wrong backup.
 * @internal
 */
export class ServerFacts {
  private readonly facts = new Map<string, ServerFact & { at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Records what a server payload says, under its id and its identifier. */
  remember(server: VirtualServer): void {
    if (typeof server.support_incremental_backups !== 'boolean') return;
    const fact = { id: server.id, incremental: server.support_incremental_backups, at: this.now() };
    for (const key of [String(server.id), server.identifier]) {
      if (!key) continue;
      if (this.facts.size >= MAX_SERVERS) this.facts.delete(this.facts.keys().next().value as string);
      this.facts.set(key, fact);
    }
  }

  /** The fact for a site id (server id or identifier), when known and fresh. */
  recall(siteId: string): ServerFact | undefined {
    const fact = this.facts.get(siteId);
    if (!fact || this.now() - fact.at > TRUSTED_MS) return undefined;
    return fact;
  }
}
