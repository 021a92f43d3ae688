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
  centreServicesPort: { env: 'TESSERA_CENTRE_SERVICES_PORT', description: 'serve centre: port of the centre’s services behind its gateway (its gateway’s TESSERA_SERVICES_URL)', parse: parse.port, default: 3006 },
  gatewayClientPort: { env: 'TESSERA_GATEWAY_CLIENT_PORT', description: 'serve gateway: port of the client side (the member’s internal network)', parse: parse.port, default: 8080 },
  gatewayProviderPort: { env: 'TESSERA_GATEWAY_PROVIDER_PORT', description: 'serve gateway: port of the mutual-TLS provider side (other gateways)', parse: parse.port, default: 8443 },
  gatewayAddress: { env: 'TESSERA_GATEWAY_ADDRESS', description: 'serve gateway: provider-side address registered for other gateways (default: https://localhost:<provider port>)', parse: parse.url, default: '' },
  configurationRefreshSeconds: { env: 'TESSERA_CONFIGURATION_REFRESH_SECONDS', description: 'serve: how often the registry republishes a changed configuration and gateways fetch it', parse: parse.positiveInt, default: 60 },
};

export type ServeConfig = ReturnType<typeof readServeConfig>['values'];

export function readServeConfig(env: Record<string, string | undefined>) {
  return loadConfig(serveConfigSpec, env);
}
