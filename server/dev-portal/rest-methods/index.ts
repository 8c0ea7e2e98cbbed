import type { PortalState } from '../state';
import { appMethods } from './app';
import type { MethodDef, MethodTable } from './context';
import { departmentMethods } from './departments';
import { eventMethods } from './events';
import { notificationMethods } from './notifications';
import { placementMethods } from './placements';
import { sonetGroupMethods } from './sonet-groups';
import { sonetMemberMethods } from './sonet-members';
import { userMethods } from './users';
import { workgroupApiMethods } from './workgroup-api';

/** Method names are case-insensitive in Bitrix24 (`USER.GET` works), so the table is keyed in lower case. */
export class MethodRegistry {
  private readonly table = new Map<string, MethodDef>();

  constructor(private readonly state: PortalState) {
    const parts: MethodTable[] = [
      userMethods,
      departmentMethods,
      sonetGroupMethods,
      sonetMemberMethods,
      workgroupApiMethods,
      eventMethods,
      placementMethods,
      notificationMethods,
      appMethods((name) => this.describe(name)),
    ];
    for (const part of parts) for (const [name, def] of Object.entries(part)) this.table.set(name.toLowerCase(), def);
  }

  get(name: string): MethodDef | undefined {
    return this.table.get(name.toLowerCase());
  }

  /** Whether the app's scopes grant the method (`basic` methods are always granted). */
  granted(def: MethodDef): boolean {
    return !def.scopes || def.scopes.some((s) => this.state.app.scopes.includes(s));
  }

  describe(name: string): { isExisting: boolean; isAvailable: boolean } {
    const lower = name.toLowerCase();
    if (lower === 'batch') return { isExisting: true, isAvailable: true };
    const def = this.get(lower);
    return { isExisting: def !== undefined, isAvailable: def !== undefined && this.granted(def) };
  }
}
