// SPDX-License-Identifier: Apache-2.0
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import Type from 'typebox';
import {
  csrfField, dataTable, defineMessages, errorSummary, html, NotFound, page, pageLocale, sendPage, signedInStaff, textInput, translator, type Server, type ValidationIssue,
} from '@tessera/platform';
import { GatewayClientExists } from '../exchange-errors.ts';
import { addGatewayClient, listGatewayClients, removeGatewayClient } from './gateway-clients.ts';
import { findGateway } from './gateways.ts';
import { gatewayIdIssues, gatewayKey, parseSubsystemKey, subsystemKey, type GatewayId } from './identifiers.ts';
import type { RegistryDeps } from './registry-deps.ts';
import { REGISTRY_PERMISSIONS } from './registry-routes.ts';

const messages = defineMessages({
  en: {
    service: 'Exchange operator console', title: 'Hosted clients of gateway {gateway}', back: 'Back to the registry',
    intro: 'Other members’ subsystems this gateway serves and signs for, each with its own key. A change reaches the gateways with the next global configuration.',
    clients: 'Hosted clients', client: 'Client subsystem', action: 'Action', remove: 'Remove', removeLabel: 'Remove {client}', add: 'Add a hosted client', addButton: 'Add client',
    clientHint: 'As CLASS/CODE/SUBSYSTEM, for example GOV/70000001/register.',
    badFormat: 'Enter the client subsystem as CLASS/CODE/SUBSYSTEM, for example GOV/70000001/register.',
    unknown: 'No subsystem {client} is registered.', exists: 'This gateway already hosts {client}.', notHosted: 'This gateway does not host {client}.',
    added: 'The client was added.', removed: 'The client was removed.',
  },
  et: {
    service: 'Andmevahetuse operaatori töölaud', title: 'Turvaserveri {gateway} kliendid', back: 'Tagasi registrisse',
    intro: 'Teiste liikmete alamsüsteemid, mida see turvaserver teenindab ja mille eest allkirjastab, igaüks oma võtmega. Muudatus jõuab turvaserveriteni järgmise globaalkonfiguratsiooniga.',
    clients: 'Kliendid', client: 'Kliendi alamsüsteem', action: 'Toiming', remove: 'Eemalda', removeLabel: 'Eemalda {client}', add: 'Lisa klient', addButton: 'Lisa klient',
    clientHint: 'Kujul KLASS/KOOD/ALAMSÜSTEEM, näiteks GOV/70000001/register.',
    badFormat: 'Sisesta kliendi alamsüsteem kujul KLASS/KOOD/ALAMSÜSTEEM, näiteks GOV/70000001/register.',
    unknown: 'Alamsüsteemi {client} ei ole registreeritud.', exists: 'See turvaserver juba teenindab klienti {client}.', notHosted: 'See turvaserver ei teeninda klienti {client}.',
    added: 'Klient lisati.', removed: 'Klient eemaldati.',
  },
  ko: {
    service: '데이터 교환 운영자 콘솔', title: '게이트웨이 {gateway}의 호스팅 클라이언트', back: '등록부로 돌아가기',
    intro: '이 게이트웨이가 서비스하고 각자의 키로 서명하는 다른 회원의 하위 시스템입니다. 변경 사항은 다음 전역 구성과 함께 게이트웨이에 전달됩니다.',
    clients: '호스팅 클라이언트', client: '클라이언트 하위 시스템', action: '작업', remove: '제거', removeLabel: '{client} 제거', add: '호스팅 클라이언트 추가', addButton: '클라이언트 추가',
    clientHint: 'CLASS/CODE/SUBSYSTEM 형식, 예: GOV/70000001/register.',
    badFormat: '클라이언트 하위 시스템을 CLASS/CODE/SUBSYSTEM 형식으로 입력하세요. 예: GOV/70000001/register.',
    unknown: '하위 시스템 {client}이(가) 등록되어 있지 않습니다.', exists: '이 게이트웨이는 이미 {client}을(를) 호스팅합니다.', notHosted: '이 게이트웨이는 {client}을(를) 호스팅하지 않습니다.',
    added: '클라이언트가 추가되었습니다.', removed: '클라이언트가 제거되었습니다.',
  },
});

const GatewayParams = Type.Object({ memberClass: Type.String({ maxLength: 100 }), memberCode: Type.String({ maxLength: 100 }), serverCode: Type.String({ maxLength: 100 }) });
const ClientForm = Type.Object({ _csrf: Type.Optional(Type.String()), client: Type.String({ maxLength: 300 }) });

/** The console address of a gateway's hosted clients. */
export const gatewayClientsPagePath = (g: GatewayId) => `/exchange/console/gateways/${encodeURIComponent(g.memberClass)}/${encodeURIComponent(g.memberCode)}/${encodeURIComponent(g.serverCode)}/clients`;

/**
 * The operator console's page of a gateway's hosted clients (X-Road: a security server's
 * clients): the list for readers, add and remove forms for operators, through the same store
 * operations as the registry API (each change one transaction with its registry event). A
 * refused change re-renders the page with the field's error and changes nothing.
 */
export function registerGatewayClientsConsole(server: Server, deps: RegistryDeps, o: { requirePermission(permission: string): preHandlerAsyncHookHandler; onChange?: () => Promise<unknown> }): void {
  const path = '/exchange/console/gateways/:memberClass/:memberCode/:serverCode/clients';
  type Params = { memberClass: string; memberCode: string; serverCode: string };

  const gatewayOf = async (params: Params): Promise<GatewayId> => {
    const id = { memberClass: params.memberClass, memberCode: params.memberCode, serverCode: params.serverCode };
    if (gatewayIdIssues(id).length > 0 || !(await findGateway(deps, id))) throw new NotFound(`No gateway ${gatewayKey(id)} is registered.`);
    return id;
  };

  const show = async (request: FastifyRequest, reply: FastifyReply, gateway: GatewayId, extra: { issues?: ValidationIssue[]; value?: string; notice?: string; status?: number } = {}) => {
    const locale = pageLocale(request, reply);
    const t = translator(messages, locale);
    const canManage = signedInStaff(request).permissions.has(REGISTRY_PERMISSIONS.manage);
    const clients = await listGatewayClients(deps.db, gateway);
    const here = gatewayClientsPagePath(gateway);
    const csrf = reply.generateCsrf();
    const issues = extra.issues ?? [];
    const fieldError = issues.find((i) => i.path === 'body/client')?.message;
    const body = html`${errorSummary(issues, locale)}
<p><a href="/exchange/console">${t('back')}</a></p>
<p>${t('intro')}</p>
<h2>${t('clients')}</h2>
${dataTable({
    caption: t('clients'), locale, columns: canManage ? [t('client'), t('action')] : [t('client')],
    rows: clients.map((c) => {
      const key = subsystemKey(c.client);
      return canManage
        ? [key, html`<form method="post" action="${here}/remove">${csrfField(csrf)}<input type="hidden" name="client" value="${key}"><button type="submit" class="button button--secondary" aria-label="${t('removeLabel', { client: key })}">${t('remove')}</button></form>`]
        : [key];
    }),
  })}
${canManage ? html`<h2>${t('add')}</h2>
<form method="post" action="${here}" novalidate>${csrfField(csrf)}
${textInput({ name: 'client', label: t('client'), hint: t('clientHint'), value: extra.value ?? '', error: fieldError })}
<button type="submit" class="button">${t('addButton')}</button></form>` : ''}`;
    return sendPage(reply, page({
      title: t('title', { gateway: gatewayKey(gateway) }), locale, service: t('service'), path: here, body, signedInAs: signedInStaff(request).displayName, csrfToken: csrf,
      ...(extra.notice ? { notice: extra.notice } : {}),
    }), extra.status ?? 200);
  };

  server.get(path, {
    schema: { hide: true, params: GatewayParams, querystring: Type.Object({ lang: Type.Optional(Type.String()), done: Type.Optional(Type.Union([Type.Literal('added'), Type.Literal('removed')])) }) },
    preHandler: o.requirePermission(REGISTRY_PERMISSIONS.read),
  }, async (request, reply) => {
    const gateway = await gatewayOf(request.params);
    const t = translator(messages, pageLocale(request, reply));
    return show(request, reply, gateway, request.query.done ? { notice: t(request.query.done) } : {});
  });

  /** Runs a change; a refusal the operator can fix is shown on the page, with nothing changed. */
  const change = (action: 'add' | 'remove') => async (request: FastifyRequest<{ Params: Params; Body: { client: string } }>, reply: FastifyReply) => {
    const gateway = await gatewayOf(request.params);
    const t = translator(messages, pageLocale(request, reply));
    const value = request.body.client.trim();
    const client = parseSubsystemKey(value);
    const refuse = (message: string) => show(request, reply, gateway, { issues: [{ code: 'invalid', path: 'body/client', message }], value: action === 'add' ? value : '', status: 400 });
    if (!client) return refuse(t('badFormat'));
    try {
      if (action === 'add') await addGatewayClient(deps, signedInStaff(request).id, { gateway, client });
      else await removeGatewayClient(deps, signedInStaff(request).id, { gateway, client });
    } catch (error) {
      if (error instanceof GatewayClientExists) return refuse(t('exists', { client: value }));
      if (error instanceof NotFound) return refuse(t(action === 'add' ? 'unknown' : 'notHosted', { client: value }));
      throw error;
    }
    await o.onChange?.();
    return reply.redirect(`${gatewayClientsPagePath(gateway)}?done=${action === 'add' ? 'added' : 'removed'}`, 303);
  };
  const manage = [o.requirePermission(REGISTRY_PERMISSIONS.manage), server.csrfProtection];
  server.post(path, { schema: { hide: true, params: GatewayParams, body: ClientForm }, preHandler: manage }, change('add'));
  server.post(`${path}/remove`, { schema: { hide: true, params: GatewayParams, body: ClientForm }, preHandler: manage }, change('remove'));
}
