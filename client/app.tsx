import { useEffect, useMemo, useState } from 'preact/hooks';
import { fitFrameToContent, setFrameTitle } from './b24';
import type { AppBoot, BootUser } from './boot';
import { NavTabs } from './components/nav-tabs';
import { RoleBadge } from './components/role-badge';
import { FrameBanner } from './components/frame-banner';
import { LeaveGuardProvider, LeavePrompt, useLeaveGuard } from './components/leave-guard';
import { FrameContext, useFrameConnection } from './frame-connection';
import { useI18n } from './i18n/i18n';
import { PAGE_SLUG, pagesFor, type PageKey } from './navigation';
import { CatalogPage } from './pages/catalog-page';
import { GroupTabPage } from './pages/group-tab-page';
import { GroupsPage } from './pages/groups-page';
import { MyGroupsPage } from './pages/my-groups-page';
import { SettingsPage } from './pages/settings/settings-page';
import { createSessionStore } from './session';

/**
 * The app inside the portal: a header with who is signed in, section tabs for their role, and the
 * section. The frame bridge connects in the background; until it does (or if it cannot), everything
 * that does not need it works.
 */
export function App(props: { boot: AppBoot }) {
  const { t } = useI18n();
  const frame = useFrameConnection();
  const store = useMemo(() => createSessionStore(props.boot.session), [props.boot.session]);
  const [user, setUser] = useState<BootUser>(props.boot.user);
  useEffect(() => store.onRenew(setUser), [store]);

  const b24 = frame.state.status === 'ready' ? frame.state.b24 : null;
  useEffect(() => {
    if (!b24) return undefined;
    setFrameTitle(b24, t('app.title'));
    const root = document.getElementById('app');
    return root ? fitFrameToContent(b24, root) : undefined;
  }, [b24]);

  const isGroupTab = props.boot.placement === 'SONET_GROUP_DETAIL_TAB';
  return (
    <FrameContext.Provider value={frame}>
      {isGroupTab ? (
        <LeaveGuardProvider>
          <GroupTabPage groupId={props.boot.placementOptions?.GROUP_ID} api={store.api} role={user.role} />
        </LeaveGuardProvider>
      ) : (
        <LeaveGuardProvider>
          <Shell user={user} api={store.api} />
        </LeaveGuardProvider>
      )}
    </FrameContext.Provider>
  );
}

function Shell(props: { user: BootUser; api: ReturnType<typeof createSessionStore>['api'] }) {
  const { t } = useI18n();
  const guard = useLeaveGuard();
  const pages = pagesFor(props.user.role);
  const [chosen, setChosen] = useState<PageKey>(pages[0] as PageKey);
  // A renewal may bring another role (an admin took moderation away): fall back to a page it has.
  const current = pages.includes(chosen) ? chosen : (pages[0] as PageKey);
  const slug = PAGE_SLUG[current];

  return (
    <main class="tg-shell" data-testid="app-shell" data-role={props.user.role}>
      {/* The portal shows the app's name above the frame (setTitle); this heading is for screen readers. */}
      <h1 class="tg-sr-only">{t('app.title')}</h1>
      <FrameBanner />
      <LeavePrompt />
      <div class="tg-card tg-card-tabs">
        <div class="tg-tabbar">
          {/* A section switch drops the section's screen: ask first when it holds unsaved edits. */}
          <NavTabs pages={pages} current={current} onSelect={(page) => page !== current && guard.leave(() => setChosen(page))} />
          <div class="tg-user">
            <span class="tg-user-name" data-testid="user-name">
              {props.user.name}
            </span>
            <RoleBadge role={props.user.role} />
          </div>
        </div>
        <div class="tg-panel" role="tabpanel" id={`panel-${slug}`} aria-labelledby={`tab-${slug}`} data-testid={`page-${slug}`} tabIndex={0}>
          {current === 'groups' && <GroupsPage api={props.api} role={props.user.role} />}
          {current === 'catalog' && <CatalogPage api={props.api} role={props.user.role} />}
          {current === 'myGroups' && <MyGroupsPage api={props.api} role={props.user.role} />}
          {current === 'settings' && <SettingsPage api={props.api} />}
        </div>
      </div>
    </main>
  );
}
