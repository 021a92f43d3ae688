// SPDX-License-Identifier: Apache-2.0
import type { ValidationIssue } from '@tessera/platform';

/*
 * X-Road identifiers without the instance: a registry serves one instance (configured, e.g.
 * 'TESSERA'), so storing it on every row would only invite rows from another one. The global
 * configuration names the instance once.
 */

/** A member organisation: GOV/70000001. */
export interface MemberId {
  memberClass: string;
  memberCode: string;
}

/** A member's information system: GOV/70000001/population-register. */
export interface SubsystemId extends MemberId {
  subsystemCode: string;
}

/** A service of a provider subsystem; the version is optional, as in X-Road. */
export interface ServiceId extends SubsystemId {
  serviceCode: string;
  serviceVersion?: string | null;
}

/** A gateway (X-Road "security server"), named by its owner and a code unique for that owner. */
export interface GatewayId extends MemberId {
  serverCode: string;
}

/** Member classes are short upper-case codes (GOV, COM, NGO), as X-Road deployments use. */
export const MEMBER_CLASS_PATTERN = /^[A-Z][A-Z0-9_]{0,15}$/;
/**
 * Codes end up in URL paths and in `X-Road-Client: INSTANCE/CLASS/CODE/SUBSYSTEM` headers, where
 * '/', ':', ';', '%' and whitespace would be ambiguous; so only this conservative alphabet.
 */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const INSTANCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

function codeIssues(value: unknown, pattern: RegExp, path: string, what: string): ValidationIssue[] {
  if (typeof value === 'string' && pattern.test(value)) return [];
  return [{ code: 'pattern', path, message: `${what} has the wrong format.` }];
}

export function memberIdIssues(id: Partial<MemberId> | undefined, path = ''): ValidationIssue[] {
  return [
    ...codeIssues(id?.memberClass, MEMBER_CLASS_PATTERN, `${path}/memberClass`, 'The member class'),
    ...codeIssues(id?.memberCode, CODE_PATTERN, `${path}/memberCode`, 'The member code'),
  ];
}

export function subsystemIdIssues(id: Partial<SubsystemId> | undefined, path = ''): ValidationIssue[] {
  return [...memberIdIssues(id, path), ...codeIssues(id?.subsystemCode, CODE_PATTERN, `${path}/subsystemCode`, 'The subsystem code')];
}

export function serviceIdIssues(id: Partial<ServiceId> | undefined, path = ''): ValidationIssue[] {
  return [
    ...subsystemIdIssues(id, path),
    ...codeIssues(id?.serviceCode, CODE_PATTERN, `${path}/serviceCode`, 'The service code'),
    ...(id?.serviceVersion == null ? [] : codeIssues(id.serviceVersion, CODE_PATTERN, `${path}/serviceVersion`, 'The service version')),
  ];
}

export function gatewayIdIssues(id: Partial<GatewayId> | undefined, path = ''): ValidationIssue[] {
  return [...memberIdIssues(id, path), ...codeIssues(id?.serverCode, CODE_PATTERN, `${path}/serverCode`, 'The server code')];
}

/** `CLASS/CODE`: the X-Road form without the instance, used as the subject of log events. */
export const memberKey = (id: MemberId): string => `${id.memberClass}/${id.memberCode}`;
export const subsystemKey = (id: SubsystemId): string => `${memberKey(id)}/${id.subsystemCode}`;
export const gatewayKey = (id: GatewayId): string => `${memberKey(id)}/${id.serverCode}`;
export const serviceKey = (id: ServiceId): string => `${subsystemKey(id)}/${id.serviceCode}${id.serviceVersion ? `/${id.serviceVersion}` : ''}`;

/** Reads `CLASS/CODE/SUBSYSTEM` (as in query strings); null when it is not one. */
export function parseSubsystemKey(key: string): SubsystemId | null {
  const parts = key.split('/');
  if (parts.length !== 3) return null;
  const [memberClass, memberCode, subsystemCode] = parts as [string, string, string];
  const id = { memberClass, memberCode, subsystemCode };
  return subsystemIdIssues(id).length === 0 ? id : null;
}

export const sameMember = (a: MemberId, b: MemberId): boolean => a.memberClass === b.memberClass && a.memberCode === b.memberCode;
export const sameSubsystem = (a: SubsystemId, b: SubsystemId): boolean => sameMember(a, b) && a.subsystemCode === b.subsystemCode;
export const sameService = (a: ServiceId, b: ServiceId): boolean =>
  sameSubsystem(a, b) && a.serviceCode === b.serviceCode && (a.serviceVersion ?? null) === (b.serviceVersion ?? null);
