// SPDX-License-Identifier: Apache-2.0
import { CentreCallFailed } from '../domain/authority-errors.ts';
import type { CentreExchange } from '../store/authority-deps.ts';

/**
 * The authority's calls to its partner centres through its own exchange gateway (X-Road REST):
 * a shipment manifest goes to the centre's subsystem's `shipments` service, `X-Road-Client`
 * naming the authority's subsystem.
 */
export function exchangeCentreClient(o: { gatewayUrl: string; authorityClient: string; fetch: typeof fetch }): CentreExchange {
  /** One POST to a centre's service; `what` names the message in the error if the centre does not take it. */
  const post = async (centreClient: string, service: string, body: unknown, what: string): Promise<void> => {
    const response = await o.fetch(`${o.gatewayUrl}/r1/${centreClient}/${service}`, {
      method: 'POST',
      headers: { 'X-Road-Client': o.authorityClient, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    if (!response.ok) throw new CentreCallFailed(what, response.status, response.headers.get('x-road-error'));
  };
  return {
    sendSuspension: (centreClient, notice) => post(centreClient, 'suspensions/notices', notice, `the ${notice.state} notice`),
    sendManifest: (centreClient, manifest) => post(centreClient, 'shipments/manifests', manifest, `manifest ${manifest.shipmentId}`),
  };
}
