import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FrameSessions } from './frame-sessions';
import type { PortalState } from './state';

/**
 * The AJAX endpoints the parent script (frame-parent.ts) calls on a frame's behalf — the real parent's
 * lazyload.ajax.php: setInstall, installFinish, refreshAuth, option setters and openApplication.
 * A frame session (APP_SID) stands for the logged-in user who opened it.
 */
export function registerFrameAjax(app: FastifyInstance, state: PortalState, frames: FrameSessions): void {
  const sessionOf = (request: FastifyRequest) => frames.get((request.params as { sid: string }).sid);
  const body = (request: FastifyRequest) => (request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {});

  app.post('/_portal/frame/:sid/:action', async (request, reply) => {
    const session = sessionOf(request);
    if (!session) return reply.code(404).send({ error: 'FRAME_NOT_FOUND' });
    const user = state.user(session.userId)!;
    const b = body(request);
    switch ((request.params as { action: string }).action) {
      case 'set-install':
        state.firstRunDone.add(user.id);
        return { result: true };
      case 'install-finish':
        // Only an admin may finish the installation; value=false puts the app back into install mode.
        if (!user.isAdmin || state.uninstalled) return { result: false };
        state.installed = b.value !== false;
        return { result: true };
      case 'refresh':
        return frames.refresh(session) ?? { error: 'invalid_token' };
      case 'app-option':
        if (!user.isAdmin) return reply.code(403).send({ error: 'ACCESS_DENIED' });
        state.appOptions[String(b.name)] = b.value;
        return { result: true };
      case 'user-option':
        state.userOptionsOf(user.id)[String(b.name)] = b.value;
        return { result: true };
      case 'open-application': {
        // Slider settings travel as bx24_* keys; the rest become the new frame's PLACEMENT_OPTIONS.
        const options: Record<string, string> = {};
        for (const [k, v] of Object.entries(b)) if (!k.startsWith('bx24_')) options[k] = typeof v === 'string' ? v : JSON.stringify(v);
        const child = frames.open(user.id, { lang: session.lang, placementOptions: options });
        return frames.pageConfig(child, '', 'slider-app-frame');
      }
      default:
        return reply.code(404).send({ error: 'UNKNOWN_ACTION' });
    }
  });
}
