import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SeedUser } from './model';
import type { PortalState } from './state';
import type { FrameSessions } from './frame-sessions';
import { registerFrameAjax } from './frame-ajax';
import { FRAME_PARENT_JS } from './frame-parent';
import { avatarSvg, escapeHtml, labels, renderShell, type Lang, type PageShell } from './portal-page';
import { BIG_GROUP_FIRST_USER_ID, SEED_USERS } from './seed';
import { groupVisibleTo, isMemberRole } from './visibility';

/**
 * The portal's own pages: the app page (`/`), workgroups with the SONET_GROUP_DETAIL_TAB widget, and
 * people pages for openPath. The logged-in user is picked with ?as=<id> and kept in a cookie.
 */

const USER_COOKIE = 'b24_local_portal_user';
const LANG_COOKIE = 'b24_local_portal_lang';

function cookies(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

/** What the portal page does on the viewer's behalf (the controls' implementation, so pages and tests agree). */
export interface PortalPageActions {
  acceptInvitation(groupId: number, userId: number): void;
  declineInvitation(groupId: number, userId: number): void;
}

/** "24" in the portal's blue: the local portal's own icon, unlike the app's. */
const PORTAL_FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="16" fill="#2fc6f6"/><text x="16" y="21.5" font-family="Arial" font-size="15" font-weight="700" text-anchor="middle" fill="#fff">24</text></svg>`;

export function registerPortalRoutes(app: FastifyInstance, state: PortalState, frames: FrameSessions, actions?: PortalPageActions): void {
  const mainPeople = () => [...state.users.values()].filter((u) => u.id < BIG_GROUP_FIRST_USER_ID);
  const userChoices = () => {
    const first = Object.values(SEED_USERS) as number[];
    const rest = mainPeople().filter((u) => u.active && !first.includes(u.id));
    return [...first.map((id) => state.user(id)!).filter(Boolean), ...rest];
  };

  function viewerOf(request: FastifyRequest, reply: FastifyReply): { viewer: SeedUser; lang: Lang } {
    const q = request.query as Record<string, string | undefined>;
    const c = cookies(request);
    const viewer = state.user(Number(q.as ?? c[USER_COOKIE] ?? SEED_USERS.admin)) ?? state.user(SEED_USERS.admin)!;
    const rawLang = q.lang ?? c[LANG_COOKIE];
    const lang: Lang = rawLang === 'ru' ? 'ru' : 'en';
    if (q.as) reply.header('set-cookie', `${USER_COOKIE}=${viewer.id}; Path=/; SameSite=Lax`);
    if (q.lang) reply.header('set-cookie', `${LANG_COOKIE}=${lang}; Path=/; SameSite=Lax`);
    return { viewer, lang };
  }

  const pickerData = (lang: Lang) => {
    const people = mainPeople()
      .filter((u) => u.active && u.userType === 'employee')
      .map((u) => ({ id: u.id, name: `${u.name} ${u.lastName}`, position: u.position, photo: `${state.identity.url}/upload/avatar/${u.id}.svg` }));
    const access = [
      { id: 'AU', name: labels(lang).allEmployees },
      ...state.departments.flatMap((d) => [
        { id: `D${d.id}`, name: d.name },
        { id: `DR${d.id}`, name: `${d.name} +` },
      ]),
      ...people.map((p) => ({ id: `U${p.id}`, name: p.name })),
    ];
    return { people, access };
  };

  const send = (reply: FastifyReply, shell: Omit<PageShell, 'userChoices'>) =>
    reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(renderShell({ ...shell, userChoices: userChoices() }));

  const notice = (testid: string, text: string, extra = '') => `<div class="portal-notice" data-testid="${testid}">${escapeHtml(text)}${extra}</div>`;

  const appPage = async (request: FastifyRequest, reply: FastifyReply) => {
    const { viewer, lang } = viewerOf(request, reply);
    const t = labels(lang);
    let body: string;
    let config: Record<string, unknown> = {};
    if (state.uninstalled) {
      const button = viewer.isAdmin ? `<p><button id="install-app" class="portal-button" data-testid="install-app">${escapeHtml(t.install)}</button></p>` : '';
      body = notice('app-uninstalled', t.uninstalled, button);
    } else if (!state.installed && !viewer.isAdmin) {
      // Until installFinish, only admins get the app (the installer); everyone else this notice (§1.3).
      body = notice('app-not-installed', t.notInstalled);
    } else {
      const session = frames.open(viewer.id, { lang });
      config = { frames: [frames.pageConfig(session, 'app-frame-container', 'app-frame')], ...pickerData(lang) };
      body = `<div id="app-frame-container" data-testid="app-frame-container" data-app-sid="${session.sid}"></div>`;
    }
    return send(reply, { lang, viewer, section: 'app', title: t.app, body, config });
  };
  app.get('/', appPage);
  app.get('/marketplace/app/1/', appPage);

  app.get('/workgroups/', async (request, reply) => {
    const { viewer, lang } = viewerOf(request, reply);
    const t = labels(lang);
    const rows = [...state.groups.values()]
      .filter((g) => groupVisibleTo(state, viewer, g))
      .map((g) => {
        const badges = [!g.visible && t.secret, g.isExtranet && t.extranet, g.closed && t.archived].filter(Boolean).map((b) => `<span class="portal-badge">${escapeHtml(b)}</span>`).join('');
        const count = state.relationsOf(g.id).filter((r) => isMemberRole(r.role)).length;
        return `<tr data-testid="group-row-${g.id}"><td><a href="/workgroups/group/${g.id}/">${escapeHtml(g.name)}</a>${badges}</td><td>${count}</td></tr>`;
      })
      .join('');
    const body = `<div class="portal-card"><table class="portal-table"><tr><th>${escapeHtml(t.workgroups)}</th><th>${escapeHtml(t.members)}</th></tr>${rows}</table></div>`;
    return send(reply, { lang, viewer, section: 'workgroups', title: t.workgroups, body });
  });

  app.get('/workgroups/group/:id/', async (request, reply) => {
    const { viewer, lang } = viewerOf(request, reply);
    const t = labels(lang);
    const q = request.query as Record<string, string | undefined>;
    const bare = q.IFRAME === 'Y';
    const group = state.groups.get(Number((request.params as { id: string }).id));
    if (!group || !(viewer.isAdmin || groupVisibleTo(state, viewer, group))) {
      return send(reply.code(404), { lang, viewer, section: 'workgroups', title: t.workgroups, body: notice('not-found', t.notFound), bare });
    }
    // Widgets show only once the app is installed (§1.3).
    const tabs = state.installed ? state.placements.filter((p) => p.placement === 'SONET_GROUP_DETAIL_TAB') : [];
    const active = tabs.find((p) => q.tab === `placement-${p.id}`);
    const tabLinks = [
      `<a href="/workgroups/group/${group.id}/" data-testid="group-tab-about"${active ? '' : ' class="active"'}>${escapeHtml(t.about)}</a>`,
      ...tabs.map((p) => {
        const title = p.langAll[lang]?.TITLE || p.title || t.app;
        return `<a href="/workgroups/group/${group.id}/?tab=placement-${p.id}" data-testid="placement-tab"${active === p ? ' class="active"' : ''}>${escapeHtml(title)}</a>`;
      }),
    ].join('');
    let content: string;
    let config: Record<string, unknown> = {};
    if (active) {
      const session = frames.open(viewer.id, { lang, placement: active.placement, placementOptions: { GROUP_ID: String(group.id) }, handlerUrl: active.handler });
      config = { frames: [frames.pageConfig(session, 'placement-frame-container', 'placement-frame')], ...pickerData(lang) };
      content = `<div id="placement-frame-container" data-testid="placement-frame-container" data-app-sid="${session.sid}"></div>`;
    } else {
      const owner = state.user(group.ownerId);
      const members = state
        .relationsOf(group.id)
        .filter((r) => isMemberRole(r.role))
        .slice(0, 50)
        .map((r) => state.user(r.userId))
        .filter((u): u is SeedUser => !!u)
        .map((u) => `<li><a href="/company/personal/user/${u.id}/">${escapeHtml(`${u.name} ${u.lastName}`)}</a></li>`)
        .join('');
      // An invitation from the group waits for the viewer: they answer it here, as on a real portal.
      const mine = state.relation(group.id, viewer.id);
      const invitation =
        mine?.role === 'Z' && mine.initiatedBy === 'G' && actions
          ? `<form method="post" action="/workgroups/group/${group.id}/invitation" class="portal-notice" data-testid="group-invitation">${escapeHtml(t.invited)}
<button class="portal-button" name="answer" value="accept" data-testid="invitation-accept">${escapeHtml(t.accept)}</button>
<button class="portal-button" name="answer" value="decline" data-testid="invitation-decline">${escapeHtml(t.decline)}</button></form>`
          : '';
      content = `${invitation}<div class="portal-card" data-testid="group-about"><p>${escapeHtml(group.description)}</p>
<p>${escapeHtml(t.owner)}: ${owner ? escapeHtml(`${owner.name} ${owner.lastName}`) : ''}</p><h3>${escapeHtml(t.members)}</h3><ul>${members}</ul></div>`;
    }
    const body = `<div class="portal-tabs" data-testid="group-tabs">${tabLinks}</div>${content}`;
    return send(reply, { lang, viewer, section: 'workgroups', title: group.name, body, config, bare });
  });

  app.post('/workgroups/group/:id/invitation', async (request, reply) => {
    const { viewer } = viewerOf(request, reply);
    const groupId = Number((request.params as { id: string }).id);
    const answer = (request.body as Record<string, unknown> | undefined)?.answer;
    const mine = state.relation(groupId, viewer.id);
    if (actions && mine?.role === 'Z' && mine.initiatedBy === 'G') {
      if (answer === 'accept') actions.acceptInvitation(groupId, viewer.id);
      else if (answer === 'decline') actions.declineInvitation(groupId, viewer.id);
    }
    return reply.redirect(`/workgroups/group/${groupId}/`, 303);
  });

  app.get('/company/', async (request, reply) => {
    const { viewer, lang } = viewerOf(request, reply);
    const t = labels(lang);
    const rows = mainPeople()
      .map((u) => `<tr><td><a href="/company/personal/user/${u.id}/">${escapeHtml(`${u.name} ${u.lastName}`)}</a>${u.active ? '' : ' <span class="portal-badge">inactive</span>'}${u.userType === 'extranet' ? ` <span class="portal-badge">${escapeHtml(t.extranet)}</span>` : ''}</td><td>${escapeHtml(u.position)}</td></tr>`)
      .join('');
    return send(reply, { lang, viewer, section: 'employees', title: t.employees, body: `<div class="portal-card"><table class="portal-table">${rows}</table></div>` });
  });

  app.get('/company/personal/user/:id/', async (request, reply) => {
    const { viewer, lang } = viewerOf(request, reply);
    const t = labels(lang);
    const bare = (request.query as Record<string, string>).IFRAME === 'Y';
    const user = state.user(Number((request.params as { id: string }).id));
    if (!user) return send(reply.code(404), { lang, viewer, section: 'employees', title: t.employees, body: notice('not-found', t.notFound), bare });
    const departments = user.departments.map((id) => state.departments.find((d) => d.id === id)?.name ?? '').join(', ');
    const body = `<div class="portal-card" data-testid="user-card"><p><img class="portal-avatar" src="/upload/avatar/${user.id}.svg" alt="">${escapeHtml(`${user.name} ${user.lastName}`)}</p>
<p>${escapeHtml(t.position)}: ${escapeHtml(user.position)}</p><p>${escapeHtml(t.department)}: ${escapeHtml(departments || '—')}</p></div>`;
    return send(reply, { lang, viewer, section: 'employees', title: `${user.name} ${user.lastName}`, body, bare });
  });

  app.get('/upload/avatar/:file', async (request, reply) => {
    const id = parseInt((request.params as { file: string }).file, 10);
    const user = state.user(id);
    if (!user) return reply.code(404).send();
    return reply.type('image/svg+xml').header('cache-control', 'max-age=3600').send(avatarSvg(`${user.name} ${user.lastName}`, id));
  });

  // Browsers ask every site for one; a 404 here would be noise in every test run's console.
  app.get('/favicon.ico', async (_request, reply) => reply.type('image/svg+xml').header('cache-control', 'max-age=86400').send(PORTAL_FAVICON_SVG));

  app.get('/_portal/frame-parent.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-store').send(FRAME_PARENT_JS));

  registerFrameAjax(app, state, frames);
}
