// SPDX-License-Identifier: Apache-2.0
import { and, asc, eq } from 'drizzle-orm';
import { NotFound, type Database } from '@tessera/platform';
import { memberIdIssues, memberKey, subsystemIdIssues, subsystemKey, type MemberId, type SubsystemId } from './identifiers.ts';
import { nameIssues, throwIfInvalid, uniquely } from './input-checks.ts';
import { MemberExists, SubsystemExists } from '../exchange-errors.ts';
import { recordRegistryChange } from './record-registry-change.ts';
import type { RegistryDeps } from './registry-deps.ts';
import { members, subsystems } from './schema.ts';

export interface NewMember extends MemberId {
  /** The organisation's registered name. */
  name: string;
}

export interface MemberListing extends MemberId {
  name: string;
  subsystems: string[];
}

/** Admits an organisation to the exchange. */
export async function addMember(deps: RegistryDeps, actor: string, input: NewMember): Promise<MemberId> {
  throwIfInvalid([...memberIdIssues(input), ...nameIssues(input.name, '/name')]);
  const id = { memberClass: input.memberClass, memberCode: input.memberCode };
  await deps.db.transaction(async (tx) => {
    await uniquely(tx.insert(members).values({ ...id, name: input.name.trim(), createdAt: deps.clock.now() }), (cause) => new MemberExists(`Member ${memberKey(id)} is already registered.`, { cause }));
    await recordRegistryChange(tx, deps.clock, { type: 'member.added', subject: memberKey(id), actor, data: id });
  });
  return id;
}

/** Registers one of a member's information systems; clients and providers are subsystems. */
export async function addSubsystem(deps: RegistryDeps, actor: string, input: SubsystemId): Promise<SubsystemId> {
  throwIfInvalid(subsystemIdIssues(input));
  const id = { memberClass: input.memberClass, memberCode: input.memberCode, subsystemCode: input.subsystemCode };
  await deps.db.transaction(async (tx) => {
    await requireMember(tx, id);
    await uniquely(tx.insert(subsystems).values({ ...id, createdAt: deps.clock.now() }), (cause) => new SubsystemExists(`Subsystem ${subsystemKey(id)} is already registered.`, { cause }));
    await recordRegistryChange(tx, deps.clock, { type: 'subsystem.added', subject: subsystemKey(id), actor, data: id });
  });
  return id;
}

export async function listMembers(db: Database): Promise<MemberListing[]> {
  const rows = await db.select().from(members).orderBy(asc(members.memberClass), asc(members.memberCode));
  const subs = await db.select().from(subsystems).orderBy(asc(subsystems.subsystemCode));
  return rows.map((m) => ({
    memberClass: m.memberClass,
    memberCode: m.memberCode,
    name: m.name,
    subsystems: subs.filter((s) => s.memberClass === m.memberClass && s.memberCode === m.memberCode).map((s) => s.subsystemCode),
  }));
}

export async function requireMember(db: Database, id: MemberId): Promise<void> {
  const [row] = await db.select({ name: members.name }).from(members)
    .where(and(eq(members.memberClass, id.memberClass), eq(members.memberCode, id.memberCode)));
  if (!row) throw new NotFound(`No member ${memberKey(id)} is registered.`);
}

export async function requireSubsystem(db: Database, id: SubsystemId): Promise<void> {
  const [row] = await db.select({ code: subsystems.subsystemCode }).from(subsystems)
    .where(and(eq(subsystems.memberClass, id.memberClass), eq(subsystems.memberCode, id.memberCode), eq(subsystems.subsystemCode, id.subsystemCode)));
  if (!row) throw new NotFound(`No subsystem ${subsystemKey(id)} is registered.`);
}
