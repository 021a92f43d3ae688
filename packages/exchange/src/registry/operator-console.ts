// SPDX-License-Identifier: Apache-2.0
import type { preHandlerAsyncHookHandler } from 'fastify';
import Type from 'typebox';
import {
  csrfField, dataTable, defineMessages, html, page, pageLocale, selectField, sendPage, statusTag, summaryList, translator, signedInStaff, ValidationFailed, type Server,
} from '@tessera/platform';
import { grantAccess, revokeAccess } from './access-rights.ts';
import { gatewayClientsPagePath, registerGatewayClientsConsole } from './gateway-clients-console.ts';
import { latestGlobalConfiguration } from './global-configuration.ts';
import { parseSubsystemKey } from './identifiers.ts';
import type { RegistryDeps } from './registry-deps.ts';
import { REGISTRY_PERMISSIONS } from './registry-routes.ts';

const messages = defineMessages({
  en: {
    service: 'Exchange operator console', title: 'Exchange registry', configuration: 'Global configuration in force', serial: 'Serial', expires: 'Expires',
    members: 'Members and subsystems', gateways: 'Gateways', services: 'Services', rights: 'Access rights', member: 'Member', name: 'Name', subsystems: 'Subsystems',
    gateway: 'Gateway', address: 'Address', certificate: 'TLS certificate (SHA-256)', serviceId: 'Service', type: 'Type', personal: 'Personal data', yes: 'Yes', no: 'No',
    client: 'Client', scope: 'Scope', whole: 'whole service', change: 'Grant or revoke a right', action: 'Action', grant: 'Grant', revoke: 'Revoke', apply: 'Apply', choose: 'Choose…',
    changed: 'The access right was changed; gateways receive it with the next global configuration.',
    hostedOf: 'its hosted clients',
  },
  et: {
    service: 'Andmevahetuse operaatori töölaud', title: 'Andmevahetuse register', configuration: 'Kehtiv globaalkonfiguratsioon', serial: 'Järjenumber', expires: 'Aegub',
    members: 'Liikmed ja alamsüsteemid', gateways: 'Turvaserverid', services: 'Teenused', rights: 'Juurdepääsuõigused', member: 'Liige', name: 'Nimi', subsystems: 'Alamsüsteemid',
    gateway: 'Turvaserver', address: 'Aadress', certificate: 'TLS-sertifikaat (SHA-256)', serviceId: 'Teenus', type: 'Tüüp', personal: 'Isikuandmed', yes: 'Jah', no: 'Ei',
    client: 'Klient', scope: 'Ulatus', whole: 'kogu teenus', change: 'Anna või võta õigus', action: 'Toiming', grant: 'Anna', revoke: 'Võta', apply: 'Rakenda', choose: 'Vali…',
    changed: 'Juurdepääsuõigust muudeti; turvaserverid saavad selle järgmise globaalkonfiguratsiooniga.',
    hostedOf: 'selle kliendid',
  },
  ko: {
    service: '데이터 교환 운영자 콘솔', title: '데이터 교환 등록부', configuration: '현재 전역 구성', serial: '일련번호', expires: '만료',
    members: '회원 및 하위 시스템', gateways: '게이트웨이', services: '서비스', rights: '접근 권한', member: '회원', name: '이름', subsystems: '하위 시스템',
    gateway: '게이트웨이', address: '주소', certificate: 'TLS 인증서 (SHA-256)', serviceId: '서비스', type: '유형', personal: '개인정보', yes: '예', no: '아니요',
    client: '클라이언트', scope: '범위', whole: '서비스 전체', change: '권한 부여 또는 회수', action: '작업', grant: '부여', revoke: '회수', apply: '적용', choose: '선택…',
    changed: '접근 권한이 변경되었습니다. 게이트웨이는 다음 전역 구성에서 이를 받습니다.',
    hostedOf: '호스팅 클라이언트',
  },
});

const sub = (s: { memberClass: string; memberCode: string; subsystemCode: string }) => `${s.memberClass}/${s.memberCode}/${s.subsystemCode}`;

/**
 * The exchange operator's console: what the gateways currently trust and allow (read from the
 * signed global configuration in force), and a form to grant or revoke an access right. Changes
 * reach gateways with the next publication, which `onChange` triggers at once.
 */
export function registerOperatorConsole(server: Server, deps: RegistryDeps, o: { requirePermission(permission: string): preHandlerAsyncHookHandler; onChange?: () => Promise<unknown> }): void {
  registerGatewayClientsConsole(server, deps, o);
  server.get('/exchange/console', { schema: { hide: true, querystring: Type.Object({ lang: Type.Optional(Type.String()), done: Type.Optional(Type.String()) }) }, preHandler: o.requirePermission(REGISTRY_PERMISSIONS.read) }, async (request, reply) => {
    const locale = pageLocale(request, reply);
    const t = translator(messages, locale);
    const latest = await latestGlobalConfiguration(deps.db);
    const config = latest?.document ?? null;
    const canManage = signedInStaff(request).permissions.has(REGISTRY_PERMISSIONS.manage);
    const subsystems = config?.members.flatMap((m) => m.subsystems.map((s) => sub({ ...m, subsystemCode: s }))) ?? [];
    const services = config?.services.map((s) => `${sub(s)}/${s.serviceCode}`) ?? [];
    const body = !config ? html`<p>—</p>` : html`${summaryList([{ key: t('serial'), value: String(config.serial) }, { key: t('expires'), value: config.expiresAt }])}
<h2>${t('members')}</h2>
${dataTable({ caption: t('members'), locale, columns: [t('member'), t('name'), t('subsystems')], rows: config.members.map((m) => [`${m.memberClass}/${m.memberCode}`, m.name, m.subsystems.join(', ')]) })}
<h2>${t('gateways')}</h2>
${dataTable({ caption: t('gateways'), locale, columns: [t('gateway'), t('address'), t('certificate')], rows: config.gateways.map((g) => [html`<a href="${gatewayClientsPagePath(g)}">${g.memberClass}/${g.memberCode}/${g.serverCode}<span class="visually-hidden"> – ${t('hostedOf')}</span></a>`, g.address, html`<code>${g.certificateSha256.slice(0, 16)}…</code>`]) })}
<h2>${t('services')}</h2>
${dataTable({ caption: t('services'), locale, columns: [t('serviceId'), t('type'), t('personal')], rows: config.services.map((s) => [`${sub(s)}/${s.serviceCode}`, s.type, s.handlesPersonalData ? statusTag(t('yes'), 'warning') : t('no')]) })}
<h2>${t('rights')}</h2>
${dataTable({ caption: t('rights'), locale, columns: [t('client'), t('serviceId'), t('scope')], rows: config.accessRights.map((r) => [sub(r.client), `${sub(r.service)}/${r.service.serviceCode}`, r.method || r.path ? `${r.method ?? '*'} ${r.path ?? '*'}` : t('whole')]) })}
${canManage ? html`<h2>${t('change')}</h2>
<form method="post" action="/exchange/console/access">${csrfField(reply.generateCsrf())}
${selectField({ name: 'action', label: t('action'), value: 'grant', options: [{ value: 'grant', label: t('grant') }, { value: 'revoke', label: t('revoke') }] })}
${selectField({ name: 'client', label: t('client'), value: '', options: [{ value: '', label: t('choose') }, ...subsystems.map((s) => ({ value: s, label: s }))] })}
${selectField({ name: 'service', label: t('serviceId'), value: '', options: [{ value: '', label: t('choose') }, ...services.map((s) => ({ value: s, label: s }))] })}
<button type="submit" class="button">${t('apply')}</button></form>` : ''}`;
    return sendPage(reply, page({ title: t('title'), locale, service: t('service'), path: '/exchange/console', body, signedInAs: signedInStaff(request).displayName, csrfToken: reply.generateCsrf(), ...(request.query.done ? { notice: t('changed') } : {}) }));
  });

  server.post('/exchange/console/access', {
    schema: { hide: true, body: Type.Object({ _csrf: Type.String(), action: Type.Union([Type.Literal('grant'), Type.Literal('revoke')]), client: Type.String({ maxLength: 200 }), service: Type.String({ maxLength: 300 }) }) },
    preHandler: [o.requirePermission(REGISTRY_PERMISSIONS.manage), server.csrfProtection],
  }, async (request, reply) => {
    const client = parseSubsystemKey(request.body.client);
    const serviceParts = request.body.service.split('/');
    const provider = parseSubsystemKey(serviceParts.slice(0, 3).join('/'));
    const serviceCode = serviceParts[3];
    if (!client || !provider || !serviceCode) throw new ValidationFailed([{ code: 'required', path: 'body/service', message: 'Choose a client subsystem and a service.' }]);
    const grant = { client, service: { ...provider, serviceCode } };
    if (request.body.action === 'grant') await grantAccess(deps, signedInStaff(request).id, grant);
    else await revokeAccess(deps, signedInStaff(request).id, grant);
    await o.onChange?.();
    return reply.redirect('/exchange/console?done=1', 303);
  });
}
