// A real, certified OpenID provider (panva/oidc-provider) for motcua's sign-in tests.
// Started by tests/test_sso_oidc_provider.py; configured through the environment:
//   OIDC_PORT, OIDC_CLIENT_ID, OIDC_REDIRECT_URI, OIDC_ID_CLAIM
// The test drives the development interactions (login form, consent form) like a browser would.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const idClaim = process.env.OIDC_ID_CLAIM || 'SoDinhDanh';

// Demo accounts, keyed by the 12-digit ID number (số định danh cá nhân) the provider uses as sub.
const people = {
  '001090012345': { name: 'Nguyễn Văn An', phone_number: '+84912345678', email: 'an@example.vn' },
  '079195001234': { name: 'Trần Thị Bình', phone_number: '+84903111222', email: 'binh@example.vn' },
};

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.OIDC_CLIENT_ID || 'motcua-app',
    application_type: 'native',
    token_endpoint_auth_method: 'none', // a public mobile client: PKCE binds the code to it
    redirect_uris: [process.env.OIDC_REDIRECT_URI],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomUUID()] },
  claims: {
    openid: ['sub', idClaim],
    profile: ['name'],
    phone: ['phone_number'],
    email: ['email'],
  },
  // Put the profile claims in the ID token itself, as national providers do.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, sub) {
    const person = people[sub];
    if (!person) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, [idClaim]: sub, ...person };
      },
    };
  },
});

createServer(provider.callback()).listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
