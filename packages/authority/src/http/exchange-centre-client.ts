// SPDX-License-Identifier: Apache-2.0
import { CentreCallFailed } from '../domain/authority-errors.ts';
import type { CentreExchange } from '../store/authority-deps.ts';

/**
 * The authority's calls to its partner centres through its own exchange gateway (X-Road REST):
 * a shipment manifest goes to the centre's subsystem's `shipments` service, `X-Road-Client`
 * naming the authority's subsystem.
 */
export function exchangeCentreClient(o: { gatewayUrl: string; authorityClient: string; fetch: typeof fetch }): CentreExchange {
  return {
    async sendSuspension(centreClient, notice) {
      const response = await o.fetch(`${o.gatewayUrl}/r1/${centreClient}/suspensions/notices`, {
        method: 'POST',
        headers: { 'X-Road-Client': o.authorityClient, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(notice),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new CentreCallFailed(`the ${notice.state} notice`, response.status, response.headers.get('x-road-error'));
    },
    async sendManifest(centreClient, manifest) {
      const response = await o.fetch(`${o.gatewayUrl}/r1/${centreClient}/shipments/manifests`, {
        method: 'POST',
        headers: { 'X-Road-Client': o.authorityClient, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(manifest),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new CentreCallFailed(`manifest ${manifest.shipmentId}`, response.status, response.headers.get('x-road-error'));
    },
  };
}
