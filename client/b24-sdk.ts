/**
 * The one piece of @bitrix24/b24jssdk the client loads, behind a dynamic import() in b24.ts.
 * Re-exported by name so esbuild can drop what the frame does not use (the Pull client, hooks, OAuth).
 */
export { initializeB24Frame } from '@bitrix24/b24jssdk';
