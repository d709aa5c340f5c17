import { randomUUID } from 'node:crypto';
import { signDevToken, type Role } from '@lexfin/platform';
import { testJwtSecret } from './test-env';

export interface TestCaller {
  firmId: string;
  roles: readonly Role[];
  userId?: string;
  clientId?: string;
  expiresIn?: string;
}

/** A bearer token as the firm's identity provider would issue it, signed with the test secret. */
export function mintToken(caller: TestCaller): Promise<string> {
  return signDevToken({
    secret: process.env.LEXFIN_JWT_SECRET ?? testJwtSecret,
    userId: caller.userId ?? randomUUID(),
    firmId: caller.firmId,
    roles: caller.roles,
    clientId: caller.clientId,
    expiresIn: caller.expiresIn,
  });
}
