import type { SimRouter } from '@omnihost/core/testing';
import { notFound } from '../responses.js';
import { iso } from '../wire.js';
import { callerWith, numericParam, type RouteContext, reply, replyPage, route } from './context.js';

/** `GET /ping` (no token), `GET /ping/auth` (token), and the accounts the token's user belongs to (scope `users`). */
export function accountRoutes(router: SimRouter, context: RouteContext): void {
  const { world } = context;

  route(router, 'GET', '/ping', () => reply(context, { ok: true, message: 'pong' }));
  route(router, 'GET', '/ping/auth', (request) => {
    callerWith(context, request);
    return reply(context, { ok: true, message: 'pong' });
  });

  const account = (id: number, current: boolean) => {
    const stacks = world.stacksOf(id);
    return {
      id,
      owner: `owner-${id}@omnihost-sim.example`,
      created_at_iso: iso(world.settings.epoch - 800 * 86_400_000),
      updated_at_iso: iso(world.settings.epoch - 86_400_000),
      stack_count: stacks.total,
      used_clouds: stacks.total > 0 ? ['aws', 'digitalocean'] : [],
      current_account: current,
      friendly_name: `org_${id}`,
    };
  };

  route(router, 'GET', '/accounts', (request) => {
    const caller = callerWith(context, request, 'users');
    return replyPage(
      context,
      request,
      caller.grant.accountIds.map((id) => account(id, id === caller.accountId)),
    );
  });

  route(router, 'GET', '/accounts/:id', (request) => {
    const caller = callerWith(context, request, 'users');
    const id = numericParam(request, 'id');
    if (!caller.grant.accountIds.includes(id)) notFound();
    return reply(context, account(id, id === caller.accountId));
  });
}
