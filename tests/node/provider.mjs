// Starts oauth2-mock-server on 127.0.0.1 and a control server beside it. Prints one JSON line
// {"issuer": "...", "control": "..."} once both listen. POST /next on the control server with
// {"sub", "email", "email_verified", "name", "mode"} shapes the next id_token; mode is one of
// normal | wrong-audience | expired | wrong-nonce | foreign-key.
import http from 'node:http';
import { generateKeyPairSync, sign } from 'node:crypto';
import { OAuth2Server } from 'oauth2-mock-server';

const server = new OAuth2Server();
await server.issuer.keys.generate('RS256');
// A key the provider never published: tokens signed with it must be refused, whatever kid they claim.
const foreignKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

let next = { sub: 'subject', email: undefined, email_verified: false, name: undefined, mode: 'normal' };

server.service.on('beforeTokenSigning', (token) => {
  if ('scope' in token.payload) return; // an access token; only the id_token is shaped
  const now = Math.floor(Date.now() / 1000);
  Object.assign(token.payload, { sub: next.sub, email_verified: next.email_verified });
  if (next.email !== undefined) token.payload.email = next.email;
  if (next.name !== undefined) token.payload.name = next.name;
  if (next.mode === 'wrong-audience') token.payload.aud = 'somebody-else';
  if (next.mode === 'expired') Object.assign(token.payload, { iat: now - 7200, nbf: now - 7200, exp: now - 3600 });
  if (next.mode === 'wrong-nonce') token.payload.nonce = 'a-forged-nonce';
});

// Event handlers are not awaited, so the re-signing is synchronous.
server.service.on('beforeResponse', (response) => {
  if (next.mode !== 'foreign-key' || !response.body.id_token) return;
  const [header, payload] = response.body.id_token.split('.');
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), foreignKey).toString('base64url');
  response.body.id_token = `${header}.${payload}.${signature}`;
});

await server.start(0, '127.0.0.1');
server.issuer.url = `http://127.0.0.1:${server.address().port}`;

const control = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => {
    if (req.method === 'POST' && req.url === '/next') {
      next = { ...next, mode: 'normal', ...JSON.parse(body || '{}') };
      res.writeHead(204).end();
    } else {
      res.writeHead(404).end();
    }
  });
});
control.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ issuer: server.issuer.url, control: `http://127.0.0.1:${control.address().port}` }));
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
