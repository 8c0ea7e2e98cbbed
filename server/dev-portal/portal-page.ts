import type { SeedUser } from './model';

/**
 * HTML of the portal's own pages: a small Bitrix24 look-alike (top bar, left menu, work area) with
 * stable data-testids for browser tests. Pure string templates; every dynamic value is escaped.
 */

export type Lang = 'en' | 'ru';

const LABELS = {
  en: {
    portal: 'Bitrix24 (local)', app: 'Training Groups', workgroups: 'Workgroups', employees: 'Employees', user: 'User', lang: 'Language',
    notInstalled: 'The application is not fully installed yet. Please contact your Bitrix24 administrator.',
    uninstalled: 'The application is not installed on this Bitrix24.', install: 'Install the application',
    notFound: 'The page was not found or you have no access to it.', members: 'Members', about: 'About', owner: 'Owner',
    select: 'Select', cancel: 'Cancel', close: 'Close', search: 'Search', selectUser: 'Select an employee', selectUsers: 'Select employees',
    selectAccess: 'Access permissions', refreshFailed: 'Unable to get a new token. Reload the page, please.', call: 'Calling', messenger: 'Messenger',
    secret: 'secret', extranet: 'extranet', archived: 'archived', position: 'Position', department: 'Department', allEmployees: 'All employees',
    administrator: 'administrator', employee: 'employee',
    invited: 'You are invited to join this workgroup.', accept: 'Accept', decline: 'Decline',
  },
  ru: {
    portal: 'Битрикс24 (локальный)', app: 'Учебные группы', workgroups: 'Группы', employees: 'Сотрудники', user: 'Пользователь', lang: 'Язык',
    notInstalled: 'Приложение ещё не установлено до конца. Обратитесь к администратору Битрикс24.',
    uninstalled: 'Приложение не установлено на этом Битрикс24.', install: 'Установить приложение',
    notFound: 'Страница не найдена или у вас нет к ней доступа.', members: 'Участники', about: 'О группе', owner: 'Владелец',
    select: 'Выбрать', cancel: 'Отмена', close: 'Закрыть', search: 'Поиск', selectUser: 'Выберите сотрудника', selectUsers: 'Выберите сотрудников',
    selectAccess: 'Права доступа', refreshFailed: 'Не удалось получить новый токен. Перезагрузите страницу.', call: 'Звонок', messenger: 'Мессенджер',
    secret: 'секретная', extranet: 'экстранет', archived: 'в архиве', position: 'Должность', department: 'Отдел', allEmployees: 'Все сотрудники',
    administrator: 'администратор', employee: 'сотрудник',
    invited: 'Вас пригласили вступить в эту группу.', accept: 'Принять', decline: 'Отклонить',
  },
} as const;

export type Labels = Record<keyof (typeof LABELS)['en'], string>;
export const labels = (lang: Lang): Labels => LABELS[lang];

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that is safe inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:14px/1.4 "Helvetica Neue",Arial,sans-serif;background:#eef2f4;color:#333}
.portal-top{height:56px;display:flex;align-items:center;gap:16px;padding:0 20px;background:linear-gradient(90deg,#1f7fd1,#2fc6f6);color:#fff}
.portal-logo{font-weight:700;font-size:19px;margin-right:auto}.portal-logo b{color:#ffe25f}
.portal-top label{font-size:12px;opacity:.9}.portal-top select{margin-left:6px;padding:3px 6px;border-radius:4px;border:0}
.portal-shell{display:flex;min-height:calc(100vh - 56px)}
.portal-menu{width:220px;padding:16px 0;background:#1c2a3a;color:#fff}.portal-menu a{display:block;padding:10px 24px;color:#d8e2ec;text-decoration:none}
.portal-menu a.active,.portal-menu a:hover{background:#2b3d52;color:#fff}
.portal-work{flex:1;padding:20px 24px}.portal-work h1{margin:0 0 16px;font-size:26px;font-weight:400}
.portal-card{background:#fff;border-radius:10px;padding:16px}
.app-frame-layout{width:100%;height:640px;background:#fff;border-radius:10px;overflow:hidden}.app-frame{width:100%;height:100%;border:0;display:block}
.portal-tabs{display:flex;gap:4px;margin-bottom:12px}.portal-tabs a{padding:8px 14px;border-radius:16px;background:#fff;color:#333;text-decoration:none}
.portal-tabs a.active{background:#2fc6f6;color:#fff}
.portal-notice{background:#fff8d6;border:1px solid #f2d46c;border-radius:8px;padding:16px}
.portal-button{padding:8px 16px;border:0;border-radius:18px;background:#3bc8f5;color:#fff;cursor:pointer;font-weight:600}
.portal-button-light{background:#e4e8eb;color:#333}
.portal-modal-back,.portal-slider-back{position:fixed;inset:0;background:rgba(0,20,40,.35);z-index:50;display:flex}
.portal-modal{margin:auto;background:#fff;border-radius:10px;padding:16px 20px;width:420px;max-height:80vh;display:flex;flex-direction:column}
.portal-modal h3{margin:0 0 12px;font-weight:500}.portal-modal-body{overflow:auto;flex:1}.portal-modal-footer{display:flex;gap:8px;margin-top:12px}
.portal-input{width:100%;padding:6px 8px;margin-bottom:8px;border:1px solid #c6cdd3;border-radius:4px}
.portal-picker-item{display:flex;gap:8px;padding:6px 4px;cursor:pointer;border-bottom:1px solid #f0f0f0}.portal-picker-item:hover{background:#f3f8fb}
.portal-picker-position{color:#80868e;margin-left:auto;font-size:12px}
.portal-slider-back{justify-content:flex-end}.portal-slider{position:relative;width:min(1200px,90vw);background:#eef2f4;height:100%;padding:16px}
.portal-slider-close{position:absolute;left:-44px;top:16px;width:36px;height:36px;border-radius:18px;border:0;background:#fff;font-size:20px;cursor:pointer}
.portal-slider-body{height:100%}.portal-slider-frame{width:100%;height:100%;border:0;background:#fff;border-radius:10px}
.portal-toast{position:fixed;right:20px;bottom:20px;background:#333;color:#fff;padding:10px 16px;border-radius:6px;z-index:60}
table.portal-table{width:100%;border-collapse:collapse}.portal-table td,.portal-table th{padding:8px;border-bottom:1px solid #eef0f2;text-align:left}
.portal-badge{display:inline-block;font-size:11px;padding:1px 6px;border-radius:8px;background:#e4e8eb;margin-left:6px}
.portal-avatar{width:28px;height:28px;border-radius:14px;vertical-align:middle;margin-right:8px}
`;

export interface PageShell {
  lang: Lang;
  viewer: SeedUser;
  /** Which menu item is active. */
  section: 'app' | 'workgroups' | 'employees';
  title: string;
  body: string;
  /** window.__PORTAL__ for frame-parent.js. */
  config?: Record<string, unknown>;
  /** Inside a slider (IFRAME=Y): no top bar and no menu. */
  bare?: boolean;
  userChoices: SeedUser[];
}

/**
 * What Bitrix24 itself knows of a user. Roles of the app (a moderator is named in the app's own
 * settings) are the app's business: the portal cannot know them and must not claim them.
 */
export function bitrixFactLabel(user: Pick<SeedUser, 'isAdmin' | 'userType'>, t: Labels): string {
  if (user.isAdmin) return t.administrator;
  return user.userType === 'extranet' ? t.extranet : t.employee;
}

export function renderShell(p: PageShell): string {
  const t = labels(p.lang);
  const userOptions = p.userChoices
    .map((u) => {
      const fact = ` (${bitrixFactLabel(u, t)})`;
      return `<option value="${u.id}"${u.id === p.viewer.id ? ' selected' : ''}>${escapeHtml(`${u.name} ${u.lastName}${fact}`)}</option>`;
    })
    .join('');
  const langOptions = (['en', 'ru'] as const).map((l) => `<option value="${l}"${l === p.lang ? ' selected' : ''}>${l}</option>`).join('');
  const menu = (href: string, section: PageShell['section'], text: string, testid: string) =>
    `<a href="${href}" data-testid="${testid}"${p.section === section ? ' class="active"' : ''}>${escapeHtml(text)}</a>`;
  const chrome = p.bare
    ? `<div class="portal-work">${p.body}</div>`
    : `<header class="portal-top" data-testid="portal-top">
  <div class="portal-logo">Bitrix<b>24</b> <span style="font-weight:400;font-size:13px">${escapeHtml(t.portal)}</span></div>
  <label>${escapeHtml(t.user)}<select id="user-switcher" data-testid="user-switcher">${userOptions}</select></label>
  <label>${escapeHtml(t.lang)}<select id="lang-switcher" data-testid="lang-switcher">${langOptions}</select></label>
</header>
<div class="portal-shell">
  <nav class="portal-menu" data-testid="portal-menu">
    ${menu('/', 'app', t.app, 'menu-app')}
    ${menu('/workgroups/', 'workgroups', t.workgroups, 'menu-workgroups')}
    ${menu('/company/', 'employees', t.employees, 'menu-employees')}
  </nav>
  <main class="portal-work"><h1 id="page-title" data-testid="page-title">${escapeHtml(p.title)}</h1>${p.body}</main>
</div>`;
  return `<!doctype html>
<html lang="${p.lang}"><head><meta charset="utf-8"><title>${escapeHtml(p.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body data-viewer="${p.viewer.id}">
${chrome}
<script>window.__PORTAL__=${scriptJson({ labels: t, frames: [], people: [], access: [], ...(p.config ?? {}) })}</script>
<script src="/_portal/frame-parent.js"></script>
</body></html>`;
}

/** A round avatar with initials, so pictures work offline. */
export function avatarSvg(name: string, id: number): string {
  const initials = name.split(/\s+/).map((w) => w[0] ?? '').join('').slice(0, 2).toUpperCase();
  const hue = (id * 47) % 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100"><circle cx="50" cy="50" r="50" fill="hsl(${hue},55%,55%)"/><text x="50" y="62" font-family="Arial" font-size="36" text-anchor="middle" fill="#fff">${escapeHtml(initials)}</text></svg>`;
}
