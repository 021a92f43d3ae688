// SPDX-License-Identifier: Apache-2.0
import type { MessageSigningKey } from '../message-log/message-signature.ts';
import type { MemberId } from '../registry/identifiers.ts';
import type { GatewayOptions, HostedMember, LocalService } from './gateway-options.ts';

/** What a gateway holds for one member whose messages pass through it. */
export interface MemberOnGateway {
  signing: MessageSigningKey;
  services: Record<string, LocalService>;
}

const indexes = new WeakMap<readonly HostedMember[], Map<string, MemberOnGateway>>();

/**
 * The signing key and services of `member` on this gateway: the owner's own, or those of a
 * member it hosts; undefined for any other member, whose messages it must neither sign nor serve.
 * The key is picked by exact member identity, so two members sharing a gateway never sign for
 * each other.
 */
export function memberOn(o: Pick<GatewayOptions, 'id' | 'signing' | 'services' | 'hosted'>, member: MemberId): MemberOnGateway | undefined {
  if (member.memberClass === o.id.memberClass && member.memberCode === o.id.memberCode) return { signing: o.signing, services: o.services };
  if (!o.hosted) return undefined;
  let index = indexes.get(o.hosted);
  if (!index) {
    index = new Map(o.hosted.map((h) => [`${h.memberClass}/${h.memberCode}`, { signing: h.signing, services: h.services ?? {} }]));
    indexes.set(o.hosted, index);
  }
  return index.get(`${member.memberClass}/${member.memberCode}`);
}
