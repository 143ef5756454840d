import { z } from 'zod';
import { isRole, type Role } from '../auth/roles.ts';

/**
 * Who is signed in, as the gateway says it: inline in the page (server/http/spa-static.ts pageConfig),
 * and in the answers of `POST /api/session` and `GET /api/session`.
 */
export interface Session {
  username: string;
  displayName: string;
  /** DICOM PN of the user (the Content Creator's Name of what they author). */
  personName: string;
  /** Roles this app knows; a role it does not know grants nothing here (the gateway decides anyway). */
  roles: Role[];
  /** The account's arbiter flag (peer review; only a qa account's counts). Absent from older answers: false. */
  arbiter?: boolean;
}

export const sessionSchema = z.object({
  username: z.string().min(1),
  displayName: z.string(),
  // Older answers (GET /api/session before personName) name no PN: the display name stands in.
  personName: z.string().optional(),
  roles: z.array(z.string()).transform((roles) => roles.filter(isRole)),
  arbiter: z.boolean().optional(),
});

/** The session in a parsed gateway answer, with the display name as PN when none is given. */
export function sessionOf(parsed: z.infer<typeof sessionSchema>): Session {
  const session: Session = {
    username: parsed.username,
    displayName: parsed.displayName,
    personName: parsed.personName || parsed.displayName,
    roles: parsed.roles,
  };
  if (parsed.arbiter === true) session.arbiter = true;
  return session;
}

/** A gateway answer naming the signed-in user, or undefined when it is not one. */
export function parseSession(json: unknown): Session | undefined {
  const result = sessionSchema.safeParse(json);
  return result.success ? sessionOf(result.data) : undefined;
}
