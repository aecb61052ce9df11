import type { SimRouter } from '@omnihost/core/testing';
import { hal } from '../responses.js';
import { timestamp } from '../wire.js';
import type { SimWorld } from '../world.js';
import { route } from './route.js';

/** `GET /account`: the caller (schema `user`), the cheapest authenticated call. */
export function accountRoutes(router: SimRouter, world: SimWorld, startedAt: number): void {
  router.get(
    '/api/account',
    route(world, () =>
      hal(200, {
        uuid: world.fleet.userUuid,
        name: 'sim.operator',
        first_name: 'Sim',
        last_name: 'Operator',
        last_login_at: timestamp(startedAt),
        created_at: timestamp(startedAt - 400 * 86_400_000),
        mail: 'sim.operator@example.com',
        phone: { office: null, tfa: null },
        job_title: 'Platform engineer',
        job_function: '--',
        company: 'Simulated organization',
        country: '--',
        timezone: 'UTC',
        picture_url: 'https://accounts.acquia.com/images/users/sim.operator/style/avatar',
        flags: { active: true, tfa: false, support: false },
        _links: { self: world.hrefs.link('/account') },
      }),
    ),
  );
}
