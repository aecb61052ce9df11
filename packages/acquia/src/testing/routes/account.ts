import type { SimRouter } from '@omnihost/core/testing';
import { mix } from '../generated-ids.js';
import { hal } from '../responses.js';
import { timestamp } from '../wire.js';
import type { SimWorld } from '../world.js';
import { route } from './route.js';

/** Salt of the user's numeric id among the seed's generated values. */
const USER_ID_SALT = 41;

/**
 * `GET /account`: the caller (schema `user`), the cheapest authenticated call. Every field of the spec's
 * schema and example is sent, the deprecated ones too: `id` (an integer, which the PHP SDK behind Acquia's
 * CLI reads into an `int` and crashes without), `state`, `features` and `metadata` (issue 14). The
 * recently used and starred applications are the fleet's first ones.
 */
export function accountRoutes(router: SimRouter, world: SimWorld, startedAt: number): void {
  const { fleet } = world;
  // A Drupal uid: a positive integer of the size the example shows, the same for the same seed.
  const id = 1_000_000 + (mix(fleet.options.seed, 0, USER_ID_SALT) % 9_000_000);
  router.get(
    '/api/account',
    route(world, () => {
      const recent = [0, 1, 2]
        .map((index) => fleet.application(index))
        .filter((application) => application !== undefined)
        .map((application, position) => ({
          uuid: application.uuid,
          recent_at: timestamp(startedAt - (position + 1) * 3_600_000),
        }));
      return hal(200, {
        id,
        uuid: fleet.userUuid,
        name: 'sim.operator',
        first_name: 'Sim',
        last_name: 'Operator',
        last_login_at: timestamp(startedAt),
        created_at: timestamp(startedAt - 400 * 86_400_000),
        mail: 'sim.operator@example.com',
        phone: { office: null, mobile: null, tfa: null },
        job_title: 'Platform engineer',
        job_function: 'IT Architect or IT Operations',
        company: 'Simulated organization',
        country: 'United States',
        state: 'Massachusetts',
        timezone: 'UTC',
        picture_url: `https://accounts.acquia.com/images/users/${fleet.userUuid}/style/avatar`,
        features: ['on-demand-environments'],
        metadata: {
          applications: { recent, starred: recent.slice(0, 1).map((application) => application.uuid) },
        },
        flags: { active: true, tfa: false, support: false },
        _links: {
          self: world.hrefs.link('/account'),
          invites: world.hrefs.link('/account/invites'),
          messages: world.hrefs.link('/account/messages'),
          tokens: world.hrefs.link('/account/tokens'),
          parent: world.hrefs.link('/'),
        },
      });
    }),
  );
}
