import type { NextFunction, Request, Response } from 'express';
import type { EnrollmentTicket, IdentityOnboarding } from './identity-onboarding';

declare module 'express-serve-static-core' {
  interface Request {
    /** A device's enrolment whose one-time secret checked out (`POST /identities/{identity}/enrollment`). */
    enrollment?: EnrollmentTicket;
  }
}

/**
 * Authentication of a device that has no API key yet: `Authorization: Basic <enrollment ID>:<secret>`, the
 * one-time secret its organisation's administrator registered it with (as Fabric CA's enroll takes it).
 * The caller becomes `enrollment:<identity>` for this one request.
 */
export function authenticateEnrollment(
  onboarding: IdentityOnboarding,
): (req: Request, res: Response, next: NextFunction) => void {
  return (req, _res, next) => {
    const identity = String(req.params.identity ?? '');
    req.enrollment = onboarding.authenticateEnrollment(identity, req.get('authorization'));
    req.principal = { id: `enrollment:${identity}`, identity };
    next();
  };
}
