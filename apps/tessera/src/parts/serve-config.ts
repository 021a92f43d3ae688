// SPDX-License-Identifier: Apache-2.0
import { loadConfig, parse } from '@tessera/platform';

/**
 * Settings only `tessera serve <part>` needs: where the other parts are, since each runs in its
 * own process (possibly on another machine), and the ports of the part's extra listeners.
 * `tessera config` lists them with the rest.
 */
export const serveConfigSpec = {
  paymentUrl: { env: 'TESSERA_PAYMENT_URL', description: 'serve: address of the payment provider (default: the sandbox on TESSERA_PAYMENT_PORT)', parse: parse.url, default: '' },
  registryUrl: { env: 'TESSERA_REGISTRY_URL', description: 'serve: address of the exchange registry (global configuration for gateways)', parse: parse.url, default: '' },
  registryPort: { env: 'TESSERA_REGISTRY_PORT', description: 'serve registry: port of the exchange registry', parse: parse.port, default: 3003 },
  servicesPort: { env: 'TESSERA_SERVICES_PORT', description: 'serve portal: port of the authority’s card services behind its gateway', parse: parse.port, default: 3004 },
  servicesUrl: { env: 'TESSERA_SERVICES_URL', description: 'serve gateway: address of the member’s own information systems the gateway forwards to', parse: parse.url, default: '' },
  authorityGatewayUrl: { env: 'TESSERA_AUTHORITY_GATEWAY_URL', description: 'serve portal: the authority’s own gateway (client side), for shipment manifests to the partner centres', parse: parse.url, default: '' },
  centreGatewayUrl: { env: 'TESSERA_CENTRE_GATEWAY_URL', description: 'serve centre: the centre’s own gateway (client side), its only way to the authority', parse: parse.url, default: '' },
  centreServicesPort: { env: 'TESSERA_CENTRE_SERVICES_PORT', description: 'serve centre: port of the centre’s services behind its gateway (its gateway’s TESSERA_SERVICES_URL)', parse: parse.port, default: 3007 },
  trustUrl: { env: 'TESSERA_TRUST_URL', description: 'serve credentials: address of the trust services (CA certificates, enrolment, OCSP, status feed), reached over the wire', parse: parse.url, default: '' },
  trustRootSha256: { env: 'TESSERA_TRUST_ROOT_SHA256', description: 'serve credentials: SHA-256 of the root CA certificate (as tessera trust init prints it); the trust services’ CA certificates are trusted only under this root', parse: sha256Hex, default: '' },
  credentialsEnrolmentToken: { env: 'TESSERA_CREDENTIALS_ENROLMENT_TOKEN', description: 'serve credentials: bearer token the credentials part enrols its issuer and relying-party keys with at the trust services (32+ characters; the trust part admits its SHA-256 in TESSERA_TRUST_ENROLMENT_CLIENTS)', parse: bearerToken, default: '' },
  credentialsGatewayUrl: { env: 'TESSERA_CREDENTIALS_GATEWAY_URL', description: 'serve credentials: the credential issuer’s own gateway (client side), through which the owning agencies are asked for claims', parse: parse.url, default: '' },
  trustEnrolmentClients: { env: 'TESSERA_TRUST_ENROLMENT_CLIENTS', description: 'serve trust: organisations whose services enrol keys for certificates of the services CA, as name:sha256-of-their-token, comma-separated (e.g. credentials:<sha256 of TESSERA_CREDENTIALS_ENROLMENT_TOKEN>); unset: every enrolment is refused', parse: enrolmentClients, default: [] as Array<{ name: string; tokenSha256: string }> },
  benefitsDatabaseUrl: { env: 'TESSERA_BENEFITS_DATABASE_URL', description: 'serve benefits: the proactive benefits service’s own PostgreSQL database (consents, evaluations, offers, notifications, its staff and its log); never the authority’s DATABASE_URL', parse: parse.url, default: '' },
  benefitsGatewayUrl: { env: 'TESSERA_BENEFITS_GATEWAY_URL', description: 'serve benefits: the benefits service’s own gateway (client side), its only way to the population register, the tax board, the property register and the social insurance board', parse: parse.url, default: '' },
  benefitsPort: { env: 'TESSERA_BENEFITS_PORT', description: 'serve benefits: port of the person’s benefits pages (/citizen/benefits, served under the citizen portal’s address) and the policy console (/benefits/console)', parse: parse.port, default: 3008 },
  benefitsServicesPort: { env: 'TESSERA_BENEFITS_SERVICES_PORT', description: 'serve benefits: port of the life-event service behind its gateway (its gateway’s TESSERA_SERVICES_URL)', parse: parse.port, default: 3009 },
  benefitsPeriodicHours: { env: 'TESSERA_BENEFITS_PERIODIC_HOURS', description: 'serve benefits: how often everyone who opted in is evaluated again (once per period, by one process)', parse: parse.positiveInt, default: 24 },
  agenciesPort: { env: 'TESSERA_AGENCIES_PORT', description: 'serve agencies: port of the demo agencies’ registers (population, tax and property, social insurance) behind their gateways; development and tests only', parse: parse.port, default: 3010 },
  populationGatewayUrl: { env: 'TESSERA_POPULATION_GATEWAY_URL', description: 'serve agencies: the population register’s gateway (client side), through which it reports births to the benefits service', parse: parse.url, default: '' },
  gatewayClientPort: { env: 'TESSERA_GATEWAY_CLIENT_PORT', description: 'serve gateway: port of the client side (the member’s internal network)', parse: parse.port, default: 8080 },
  gatewayProviderPort: { env: 'TESSERA_GATEWAY_PROVIDER_PORT', description: 'serve gateway: port of the mutual-TLS provider side (other gateways)', parse: parse.port, default: 8443 },
  gatewayAddress: { env: 'TESSERA_GATEWAY_ADDRESS', description: 'serve gateway: provider-side address registered for other gateways (default: https://localhost:<provider port>)', parse: parse.url, default: '' },
  configurationRefreshSeconds: { env: 'TESSERA_CONFIGURATION_REFRESH_SECONDS', description: 'serve: how often the registry republishes a changed configuration and gateways fetch it', parse: parse.positiveInt, default: 60 },
};

function sha256Hex(raw: string): string {
  const hex = raw.trim().toLowerCase().replaceAll(':', '');
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error('expected a SHA-256 fingerprint: 64 hexadecimal characters, colons allowed');
  return hex;
}

function bearerToken(raw: string): string {
  if (!/^[A-Za-z0-9._~+/-]{32,512}=*$/.test(raw)) throw new Error('expected 32 to 512 characters of A-Z, a-z, 0-9 and ._~+/-');
  return raw;
}

function enrolmentClients(raw: string): Array<{ name: string; tokenSha256: string }> {
  return raw.split(',').map((entry) => entry.trim()).filter(Boolean).map((entry) => {
    const at = entry.indexOf(':');
    const name = entry.slice(0, at);
    if (at < 1 || !/^[a-z][a-z0-9-]{0,62}$/.test(name)) throw new Error(`expected name:sha256 entries, got "${entry}"`);
    return { name, tokenSha256: sha256Hex(entry.slice(at + 1)) };
  });
}

export type ServeConfig = ReturnType<typeof readServeConfig>['values'];

export function readServeConfig(env: Record<string, string | undefined>) {
  return loadConfig(serveConfigSpec, env);
}
