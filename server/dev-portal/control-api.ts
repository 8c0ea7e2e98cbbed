import type { FastifyInstance, FastifyReply } from 'fastify';
import type { PortalControls } from './controls';
import type { PortalState } from './state';

/**
 * /_control/*: the same controls over HTTP (JSON), for browser tests and demos that run the portal in
 * another process. Not part of Bitrix24; never exposed by a real portal.
 */
export function registerControlApi(app: FastifyInstance, state: PortalState, controls: PortalControls): void {
  const body = (b: unknown) => (b && typeof b === 'object' ? (b as Record<string, unknown>) : {});
  const run = async (reply: FastifyReply, fn: () => unknown) => {
    try {
      const result = await fn();
      return reply.send({ ok: true, result: result ?? null });
    } catch (error) {
      return reply.code(400).send({ ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  };

  app.get('/_control/state', async () => ({
    url: state.identity.url,
    domain: state.identity.domain,
    memberId: state.identity.memberId,
    installed: state.installed,
    uninstalled: state.uninstalled,
    applicationToken: state.applicationToken,
    boundEvents: controls.boundEvents(),
    boundPlacements: controls.boundPlacements(),
  }));
  app.get('/_control/stats', async () => controls.stats());
  app.get('/_control/notifications', async () => controls.notifications());
  app.get('/_control/events', async () => {
    await controls.flushEvents();
    return controls.deliveredEvents();
  });

  app.post('/_control/reset-stats', (_req, reply) => run(reply, () => controls.resetStats()));
  app.post('/_control/expire-tokens', (_req, reply) => run(reply, () => controls.expireAllAccessTokens()));
  app.post('/_control/faults', (req, reply) => run(reply, () => controls.setFaults(body(req.body))));
  app.post('/_control/accept-invitation', (req, reply) => {
    const b = body(req.body);
    return run(reply, () => controls.acceptInvitation(Number(b.groupId), Number(b.userId)));
  });
  app.post('/_control/decline-invitation', (req, reply) => {
    const b = body(req.body);
    return run(reply, () => controls.declineInvitation(Number(b.groupId), Number(b.userId)));
  });
  app.post('/_control/uninstall', (req, reply) => run(reply, () => controls.uninstall({ clean: body(req.body).clean === true })));
  app.post('/_control/reinstall', (_req, reply) => run(reply, () => controls.reinstall()));
  app.post('/_control/finish-install', (_req, reply) => run(reply, () => controls.finishInstall()));
  app.post('/_control/event', (req, reply) => {
    const b = body(req.body);
    return run(reply, () =>
      controls.sendEvent(String(b.event ?? ''), body(b.data), {
        applicationToken: typeof b.applicationToken === 'string' ? b.applicationToken : undefined,
        clean: b.clean === true,
        userId: b.userId === null ? null : b.userId === undefined ? undefined : Number(b.userId),
      }),
    );
  });
  app.post('/_control/user-add', (req, reply) => run(reply, () => controls.addUser(body(req.body) as Parameters<PortalControls['addUser']>[0])));
  app.post('/_control/user-active', (req, reply) => {
    const b = body(req.body);
    return run(reply, () => controls.setUserActive(Number(b.userId), b.active === true));
  });
  app.post('/_control/frame-launch', (req, reply) => {
    const b = body(req.body);
    return run(reply, () =>
      controls.frameLaunch(Number(b.userId), {
        lang: typeof b.lang === 'string' ? b.lang : undefined,
        placement: typeof b.placement === 'string' ? b.placement : undefined,
        placementOptions: b.placementOptions ? (body(b.placementOptions) as Record<string, string>) : undefined,
      }),
    );
  });
  app.post('/_control/tokens', (req, reply) => run(reply, () => controls.issueTokens(Number(body(req.body).userId))));
}
