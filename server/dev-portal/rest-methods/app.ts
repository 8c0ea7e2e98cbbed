import { RestError } from '../rest-errors';
import { objectParam, type MethodTable } from './context';

/** Every scope code the emulator knows; `scope {full: true}` lists them. */
export const ALL_SCOPES = [
  'basic', 'user', 'user_basic', 'user_brief', 'department', 'sonet_group', 'socialnetwork', 'im', 'placement', 'intranet',
  'pull', 'task', 'calendar', 'log', 'disk', 'entity', 'crm',
];

const adminRequired = () => new RestError(403, 'ACCESS_DENIED', 'Access denied! Administrator authorization required');
const optionsEmpty = () => new RestError(400, 'ERROR_ARGUMENT', 'options is empty', { argument: 'options' });

/** app.*, scope, method.get, server.time and the app/user option stores (shared with the frame's set*Option). */
export function appMethods(methodExists: (name: string) => { isExisting: boolean; isAvailable: boolean }): MethodTable {
  return {
    'app.info': {
      handler: (ctx) => ({
        result: {
          ID: 1,
          CODE: ctx.state.app.code,
          VERSION: ctx.state.app.version,
          STATUS: ctx.state.app.status,
          INSTALLED: ctx.state.installed,
          PAYMENT_EXPIRED: 'N',
          DAYS: null,
          LANGUAGE_ID: 'en',
          LICENSE: 'en_pro100',
          LICENSE_TYPE: 'pro100',
          LICENSE_FAMILY: 'pro',
        },
      }),
    },
    scope: {
      handler: (ctx) => ({ result: ctx.params.full === true || ctx.params.full === 'true' || ctx.params.full === '1' ? ALL_SCOPES : ['basic', ...ctx.state.app.scopes] }),
    },
    'method.get': {
      handler: (ctx) => ({ result: methodExists(String(ctx.params.name ?? '')) }),
    },
    'server.time': {
      handler: () => ({ result: new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00') }),
    },
    'app.option.set': {
      handler: (ctx) => {
        if (!ctx.isAdmin) throw adminRequired();
        const options = objectParam(ctx.params.options);
        if (Object.keys(options).length === 0) throw optionsEmpty();
        Object.assign(ctx.state.appOptions, options);
        return { result: true };
      },
    },
    'app.option.get': {
      handler: (ctx) => {
        const name = ctx.params.option;
        if (typeof name === 'string' && name) return { result: ctx.state.appOptions[name] ?? null };
        return { result: { ...ctx.state.appOptions } };
      },
    },
    'user.option.set': {
      handler: (ctx) => {
        const options = objectParam(ctx.params.options);
        if (Object.keys(options).length === 0) throw optionsEmpty();
        Object.assign(ctx.state.userOptionsOf(ctx.user.id), options);
        return { result: true };
      },
    },
    'user.option.get': {
      handler: (ctx) => {
        const mine = ctx.state.userOptionsOf(ctx.user.id);
        const name = ctx.params.option;
        if (typeof name === 'string' && name) return { result: mine[name] ?? null };
        return { result: { ...mine } };
      },
    },
  };
}
