import { z } from 'zod';

/** The calling user (`GET /account`), the cheapest authenticated call. @public */
export const accountSchema = z.looseObject({
  uuid: z.string().min(1),
  name: z.string().optional(),
  mail: z.string().optional(),
});
