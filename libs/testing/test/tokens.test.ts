import { randomUUID } from 'node:crypto';
import { createAuthenticator } from '@lexfin/platform';
import { mintToken } from '../src';

it('mints tokens the services accept, with the claims of API.md', async () => {
  const firmId = randomUUID();
  const clientId = randomUUID();
  const authenticator = createAuthenticator({ jwtSecret: process.env.LEXFIN_JWT_SECRET });
  const identity = await authenticator.authenticate(
    `Bearer ${await mintToken({ firmId, roles: ['client_portal'], clientId })}`,
  );
  expect(identity).toMatchObject({ firmId, roles: ['client_portal'], clientId });
});
