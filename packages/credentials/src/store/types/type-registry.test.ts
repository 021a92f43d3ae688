// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { logEntries, ManualClock, openTestStorage, transparencyMigrations, type Storage } from '@tessera/platform';
import { buildCatalogue } from '../../domain/catalogue/build-catalogue.ts';
import { credentialsMigrations } from '../migrations.ts';
import { activeTypes, findType, listTypes, typeHistory } from './find-types.ts';
import { installCatalogue } from './install-catalogue.ts';
import { publishTypeVersion } from './publish-type-version.ts';
import { retireType } from './retire-type.ts';
import type { TypeRegistryDeps } from './type-registry-deps.ts';
import { catalogueDirectory } from '../../testing/catalogue-directory.ts';

const vctBase = 'https://issuer.tessera.test/types';
const catalogue = buildCatalogue({ vctBase, logoBase: 'https://issuer.tessera.test/logos' });

describe('the credential type registry', { timeout: 60_000 }, () => {
  let storage: Storage | undefined;
  let deps: TypeRegistryDeps;
  before(async () => {
    storage = await openTestStorage();
    await storage.migrate(transparencyMigrations);
    await storage.migrate(credentialsMigrations);
    deps = { db: storage.db, clock: new ManualClock('2026-12-01T10:00:00Z'), vctBase, exchange: catalogueDirectory(catalogue) };
  });
  after(async () => { await storage?.close(); });

  it('installs the 300 catalogue types once, with one log event', async () => {
    assert.equal(await installCatalogue(deps, catalogue, 'system'), 300);
    assert.equal(await installCatalogue(deps, catalogue, 'system'), 0);
    assert.equal((await activeTypes(deps.db)).length, 300);
    const events = await deps.db.select().from(logEntries).where(eq(logEntries.type, 'credential_types.installed'));
    assert.equal(events.length, 1);
  });

  it('publishes a changed type as the next version and supersedes the previous one', async () => {
    const current = (await findType(deps.db, 'kr.mois.public-worker-id')).type;
    const changed = { ...current, validityDays: 180 };
    const published = await publishTypeVersion(deps, changed, 'admin-1');
    assert.equal(published.version, 2);
    const history = await typeHistory(deps.db, current.id);
    assert.deepEqual(history.map((h) => [h.type.version, h.status]), [[2, 'active'], [1, 'superseded']]);
    assert.equal((await findType(deps.db, current.id, 1)).type.validityDays, 365);
    assert.equal((await activeTypes(deps.db)).find((t) => t.id === current.id)?.validityDays, 180);
  });

  it('refuses an invalid version with the validator\'s issues and changes nothing', async () => {
    const current = (await findType(deps.db, 'ee.ppa.id-card')).type;
    await assert.rejects(publishTypeVersion(deps, { ...current, claims: [] }, 'admin-1'), (e: { code: string; issues: Array<{ code: string }> }) => {
      assert.equal(e.code, 'ERR_CREDENTIAL_TYPE_INVALID');
      assert.ok(e.issues.some((i) => i.code === 'missing_claims'));
      return true;
    });
    assert.equal((await typeHistory(deps.db, current.id)).length, 1);
  });

  it('retires a type: it is no longer issued, it cannot be changed, and the catalogue does not bring it back', async () => {
    await retireType(deps, 'kr.seoul.senior-transit-card', 'admin-1');
    assert.ok(!(await activeTypes(deps.db)).some((t) => t.id === 'kr.seoul.senior-transit-card'));
    assert.equal((await listTypes(deps.db)).find((t) => t.type.id === 'kr.seoul.senior-transit-card')?.status, 'retired');
    const retired = (await findType(deps.db, 'kr.seoul.senior-transit-card')).type;
    await assert.rejects(publishTypeVersion(deps, retired, 'admin-1'), { code: 'ERR_CREDENTIAL_TYPE_RETIRED' });
    await assert.rejects(retireType(deps, 'kr.seoul.senior-transit-card', 'admin-1'), { code: 'ERR_CREDENTIAL_TYPE_RETIRED' });
    await assert.rejects(retireType(deps, 'kr.nowhere.nothing', 'admin-1'), { code: 'ERR_CREDENTIAL_TYPE_NOT_FOUND' });
    assert.equal(await installCatalogue(deps, catalogue, 'system'), 0);
  });

  it('publishes a new type as version 1', async () => {
    const base = (await findType(deps.db, 'ee.ut.student-id')).type;
    const id = 'ee.ut.doctoral-student-id';
    const created = await publishTypeVersion(deps, { ...base, id, vct: `${vctBase}/${id}` }, 'admin-1');
    assert.equal(created.version, 1);
  });

  it('refuses a type whose claims service the exchange registry does not hold, until the registry holds it', async () => {
    const base = (await findType(deps.db, 'ee.ut.student-id')).type;
    const id = 'ee.ut.alumni-card';
    const type = { ...base, id, vct: `${vctBase}/${id}`, source: { subsystem: 'alumni-register', service: 'alumni-card' } };
    await assert.rejects(publishTypeVersion(deps, type, 'admin-1'), (e: { code: string; issues: Array<{ code: string; path: string }> }) => {
      assert.equal(e.code, 'ERR_CREDENTIAL_TYPE_INVALID');
      assert.deepEqual(e.issues.map((i) => `${i.code} ${i.path}`), ['unknown_service /source']);
      return true;
    });
    await assert.rejects(findType(deps.db, id), { code: 'ERR_CREDENTIAL_TYPE_NOT_FOUND' });
    await assert.rejects(publishTypeVersion(deps, { ...type, agency: { ...type.agency, memberCode: '70999999' } }, 'admin-1'), (e: { issues: Array<{ code: string }> }) => e.issues[0]?.code === 'unknown_agency');
    // The registry operator registers the service; the same type is now published.
    const held = await deps.exchange.contents();
    const later = { ...deps, exchange: { contents: async () => ({ members: held.members, services: new Set([...held.services, `${base.agency.memberClass}/${base.agency.memberCode}/alumni-register/alumni-card`]) }) } };
    assert.equal((await publishTypeVersion(later, type, 'admin-1')).version, 1);
  });

  it('refuses to install a catalogue with a type the registry cannot answer, installing none of it', async () => {
    const fresh = await openTestStorage();
    try {
      await fresh.migrate(transparencyMigrations);
      await fresh.migrate(credentialsMigrations);
      const withoutTax = { contents: async () => {
        const all = await catalogueDirectory(catalogue).contents();
        return { members: new Set([...all.members].filter((m) => m !== 'GOV/1210000')), services: all.services };
      } };
      await assert.rejects(installCatalogue({ ...deps, db: fresh.db, exchange: withoutTax }, catalogue, 'system'), (e: { code: string; issues: Array<{ code: string; path: string }> }) => {
        assert.equal(e.code, 'ERR_CREDENTIAL_TYPE_INVALID');
        assert.ok(e.issues.length > 0 && e.issues.every((i) => i.code === 'unknown_agency' && i.path.startsWith('/kr.nts.')), JSON.stringify(e.issues.slice(0, 3)));
        return true;
      });
      assert.equal((await activeTypes(fresh.db)).length, 0);
    } finally {
      await fresh.close();
    }
  });
});
