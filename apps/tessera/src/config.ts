// SPDX-License-Identifier: Apache-2.0
import { resolve } from 'node:path';
import { loadConfig, parse } from '@tessera/platform';
import { DEFAULT_LOCATIONS } from '@tessera/authority';

/** node_modules/.cache, where build tools keep what can be made again; `npm ci` clears it. */
const DEFAULT_TEMPLATE_DIR = new URL('../../../node_modules/.cache/tessera', import.meta.url).pathname;

/**
 * Every setting of `tessera start`, read from the environment. Development defaults let
 * `npm start` run with nothing configured; with NODE_ENV=production the insecure ones must be set.
 */
export const configSpec = {
  host: { env: 'TESSERA_HOST', description: 'Interface the servers listen on', parse: parse.string, default: '127.0.0.1' },
  port: { env: 'TESSERA_PORT', description: 'Port of the authority portal and officer console', parse: parse.port, default: 3000 },
  paymentPort: { env: 'TESSERA_PAYMENT_PORT', description: 'Port of the built-in payment provider (sandbox)', parse: parse.port, default: 3001 },
  trustPort: { env: 'TESSERA_TRUST_PORT', description: 'Port of the trust services (OCSP, CRLs, CA certificates, time-stamping)', parse: parse.port, default: 3002 },
  centrePort: { env: 'TESSERA_CENTRE_PORT', description: 'Port of the partner collection centre’s own server (operators, applicants’ booking pages)', parse: parse.port, default: 3005 },
  centrePublicUrl: { env: 'TESSERA_CENTRE_PUBLIC_URL', description: 'Address applicants use for the centre’s booking pages, for links in e-mails', parse: parse.url, default: '' },
  centreLogKeyFile: { env: 'TESSERA_CENTRE_LOG_KEY_FILE', description: 'For tessera serve portal: the partner centre’s transparency-log public key (the JWK file its part writes to keys/transparency-log.public.jwk.json); unset: the centre’s tree heads are refused', parse: parse.string, default: '' },
  centreDatabaseUrl: { env: 'TESSERA_CENTRE_DATABASE_URL', description: 'The centre’s own PostgreSQL database; when unset, embedded PGlite under TESSERA_DATA_DIR/centre', parse: parse.url, default: '' },
  credentialsDatabaseUrl: { env: 'TESSERA_CREDENTIALS_DATABASE_URL', description: 'For tessera serve credentials: the credential issuer and verifier’s own PostgreSQL database, never the authority’s DATABASE_URL (npm start keeps them in the federation’s storage)', parse: parse.url, default: '' },
  credentialsPort: { env: 'TESSERA_CREDENTIALS_PORT', description: 'Port of the mobile credentials host: the OpenID4VCI issuer, the OpenID4VP verifier with the verification app, and the web wallet', parse: parse.port, default: 3006 },
  credentialsUrl: { env: 'TESSERA_CREDENTIALS_URL', description: 'Public address of the mobile credentials host (the credential issuer identifier); unset: http://localhost:TESSERA_CREDENTIALS_PORT', parse: parse.url, default: '' },
  pkiUrl: { env: 'TESSERA_PKI_URL', description: 'Address of the trust services as written into certificates (AIA, CRL distribution points)', parse: parse.url, default: '' },
  keyEncryptionKey: { env: 'TESSERA_KEY_ENCRYPTION_KEY', description: 'Encrypts CA and responder private keys at rest (64 hex characters)', parse: hexKey, insecureDefault: '0'.repeat(62) + '2a' },
  publicUrl: { env: 'TESSERA_PUBLIC_URL', description: 'Address applicants use, for links in e-mails', parse: parse.url, default: '' },
  databaseUrl: { env: 'DATABASE_URL', description: 'PostgreSQL server; when unset, embedded PGlite under TESSERA_DATA_DIR', parse: parse.url, default: '' },
  dataDir: { env: 'TESSERA_DATA_DIR', description: 'Folder for embedded storage and development keys', parse: parse.string, default: '.tessera' },
  templateDir: { env: 'TESSERA_TEMPLATE_DIR', description: 'Cache folder for the template of empty embedded storage (schema applied), which spares later starts on empty storage PGlite\'s first-time setup; "none" for no template', parse: parse.string, default: DEFAULT_TEMPLATE_DIR },
  cookieSecret: { env: 'TESSERA_COOKIE_SECRET', description: 'Signs session and CSRF cookies (32+ characters)', parse: parse.secret, insecureDefault: 'development-cookie-secret-do-not-use-in-production' },
  secretKey: { env: 'TESSERA_SECRET_KEY', description: 'Encrypts second-factor secrets at rest (64 hex characters)', parse: hexKey, insecureDefault: '0'.repeat(63) + '1' },
  paymentWebhookSecret: { env: 'TESSERA_PAYMENT_WEBHOOK_SECRET', description: 'Shared secret of the payment provider’s webhook signatures', parse: parse.secret, insecureDefault: 'development-webhook-secret-do-not-use-in-production' },
  paymentApiKey: { env: 'TESSERA_PAYMENT_API_KEY', description: 'API key for the payment provider', parse: parse.secret, insecureDefault: 'development-payment-api-key-do-not-use-in-production' },
  smtpUrl: { env: 'TESSERA_SMTP_URL', description: 'SMTP server for e-mail to applicants (smtp://user:password@host:port, smtps:// for implicit TLS); unset in development: a mailbox in the process, shown at /dev/mailbox', parse: parse.url, insecureDefault: '' },
  vapidPublicKey: { env: 'TESSERA_VAPID_PUBLIC_KEY', description: 'Web Push VAPID public key of the benefits notifications (RFC 8292; base64url uncompressed P-256 point); with TESSERA_VAPID_PRIVATE_KEY. Unset: in development a key pair kept under TESSERA_DATA_DIR, in production no push', parse: base64urlBytes(65), default: '' },
  vapidPrivateKey: { env: 'TESSERA_VAPID_PRIVATE_KEY', description: 'Web Push VAPID private key (base64url, 32 bytes), the secret half of TESSERA_VAPID_PUBLIC_KEY', parse: base64urlBytes(32), default: '' },
  vapidSubject: { env: 'TESSERA_VAPID_SUBJECT', description: 'Contact the push services may use about our messages (mailto: or https: URI), sent in every VAPID token', parse: parse.string, default: 'mailto:benefits@tessera.example' },
  smsUrl: { env: 'TESSERA_SMS_URL', description: 'SMS operator intake for benefits notifications (POST JSON {to, text, reference}, bearer TESSERA_SMS_TOKEN, Idempotency-Key); unset: SMS is not offered', parse: parse.url, default: '' },
  smsToken: { env: 'TESSERA_SMS_TOKEN', description: 'Bearer token of the SMS operator intake', parse: parse.string, default: '' },
  benefitsVerifierApiKey: { env: 'TESSERA_BENEFITS_VERIFIER_API_KEY', description: 'API key of the proactive benefits service as a relying party of the verifier (household register template): applicants present the certificate from their wallet. Unset: in the demo the demo key, otherwise the agency asks for documents', parse: parse.string, default: '' },
  mailFrom: { env: 'TESSERA_MAIL_FROM', description: 'Sender address of e-mail to applicants', parse: parse.string, default: 'e-Residency <noreply@eresidency.example>' },
  paymentUrl: { env: 'TESSERA_PAYMENT_URL', description: 'API address of the payment provider; unset in development: the built-in sandbox on TESSERA_PAYMENT_PORT', parse: parse.url, insecureDefault: '' },
  biometricMatcherUrl: { env: 'TESSERA_BIOMETRIC_MATCHER_URL', description: 'Comparison endpoint of the certified biometric matcher used at card handovers (POST {enrolled, probe} → {score, decision}); unset in development: a built-in deterministic matcher that knows nothing about faces', parse: parse.url, insecureDefault: '' },
  sanctionsListFile: { env: 'TESSERA_SANCTIONS_LIST', description: 'UN Security Council Consolidated List (XML file) used for screening; unset in development: a small sample list', parse: parse.string, insecureDefault: '' },
  openLocations: { env: 'TESSERA_OPEN_LOCATIONS', description: `Pickup locations taking applications, comma-separated (${DEFAULT_LOCATIONS.map((l) => l.code).join(', ')})`, parse: locationCodes, default: ['tallinn-service-point', 'seoul-vfs', 'dubai-vfs'] },
  staffSecondFactor: { env: 'TESSERA_STAFF_SECOND_FACTOR', description: 'Officers, auditors and exchange operators must enrol an authenticator app before their account can act; always on in production', parse: parse.boolean, default: false, productionValue: true },
  demo: { env: 'TESSERA_DEMO', description: 'Load the Seoul pilot demo world (staff with a printed password) into empty storage; never in production', parse: parse.boolean, default: true, productionValue: false },
  logLevel: { env: 'TESSERA_LOG_LEVEL', description: 'fatal, error, warn, info, debug or trace', parse: parse.oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), default: 'info' },
};

function locationCodes(raw: string): string[] {
  const codes = raw.split(',').map((c) => c.trim()).filter(Boolean);
  const unknown = codes.filter((c) => !DEFAULT_LOCATIONS.some((l) => l.code === c));
  if (unknown.length > 0) throw new Error(`unknown location ${unknown.join(', ')}; known: ${DEFAULT_LOCATIONS.map((l) => l.code).join(', ')}`);
  if (codes.length === 0) throw new Error('at least one location must be open');
  return codes;
}

function base64urlBytes(n: number) {
  return (raw: string): string => {
    if (!/^[A-Za-z0-9_-]+$/.test(raw) || Buffer.from(raw, 'base64url').length !== n) throw new Error(`expected ${n} bytes in base64url`);
    return raw;
  };
}

function hexKey(raw: string): string {
  if (!/^[0-9a-fA-F]{64}$/.test(raw)) throw new Error('expected 64 hexadecimal characters (32 bytes)');
  return raw.toLowerCase();
}

/** The folder for templates of empty embedded storage, or null when configured as "none". */
export const templateDirOf = (config: Pick<TesseraConfig, 'templateDir'>): string | null => (config.templateDir === 'none' ? null : resolve(config.templateDir));

export type TesseraConfig = ReturnType<typeof readConfig>['values'];

/** The settings with a development default that production must be given (secrets, the real SMTP, payment and sanctions list). */
export type ProductionSetting = { [K in keyof typeof configSpec]: (typeof configSpec)[K] extends { insecureDefault: unknown } ? K : never }[keyof typeof configSpec];

/** `needs`: for one part (tessera serve), the production settings it reads; the rest are not asked for, nor set. */
export function readConfig(env: Record<string, string | undefined>, needs?: ReadonlyArray<ProductionSetting>) {
  return loadConfig(configSpec, env, needs);
}
