import { loadManifest, parseManifest, ManifestError } from '../../server/manifest';

describe('app.config.json', () => {
  it('the committed manifest is valid and names the events and placement the install binds', () => {
    const manifest = loadManifest();
    expect(manifest.events).toEqual(expect.arrayContaining(['ONAPPUNINSTALL', 'ONUSERADD', 'ONSONETGROUPUPDATE', 'ONSONETGROUPDELETE']));
    expect(manifest.placements.map((p) => p.code)).toContain('SONET_GROUP_DETAIL_TAB');
    expect(manifest.scopes).toEqual(expect.arrayContaining(['sonet_group', 'socialnetwork', 'im', 'placement']));
  });

  it('a broken manifest fails with the path of the bad value', () => {
    const good = loadManifest();
    const bad = { ...good, paths: { ...good.paths, events: 'bitrix/events' } };
    expect(() => parseManifest(bad)).toThrow(ManifestError);
    expect(() => parseManifest(bad)).toThrow(/paths\/events/);
  });
});
