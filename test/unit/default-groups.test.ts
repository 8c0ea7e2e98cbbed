import { defaultGroupSettings, missingDefaults, nameLanguageOf } from '../../server/training/default-groups';

describe('default groups: the rules', () => {
  it('names the groups in Russian on a Russian-zone portal, in English elsewhere', () => {
    expect(nameLanguageOf('acme.bitrix24.ru')).toBe('ru');
    expect(nameLanguageOf('romashka.bitrix24.kz')).toBe('ru');
    expect(nameLanguageOf('corp.example.by:8443')).toBe('ru');
    expect(nameLanguageOf('acme.bitrix24.com')).toBe('en');
    expect(nameLanguageOf('acme.bitrix24.de')).toBe('en');
    expect(nameLanguageOf('127.0.0.1:4000')).toBe('en');
  });

  it('leaves out every key the portal has had, deleted or not', () => {
    const all = [{ key: 'low' }, { key: 'average' }, { key: 'high' }];
    expect(missingDefaults(all, [])).toEqual(all);
    expect(missingDefaults(all, ['average'])).toEqual([{ key: 'low' }, { key: 'high' }]);
    expect(missingDefaults(all, ['low', 'average', 'high'])).toEqual([]);
  });

  it('makes a weekly main course of all topics up to the level, with both staff texts', () => {
    const settings = defaultGroupSettings({ key: 'high', name: { en: 'High Risk', ru: 'Высокий риск' }, maxLevel: 'intermediate', minutesPerWeek: 20, thresholdPercent: 80 });
    expect(settings).toMatchObject({ courseType: 'main', noWaiting: false, minutesPerWeek: 20, thresholdPercent: 80, program: { allTopicsUpTo: 'intermediate' }, lateJoiners: 'ownPace' });
    expect(settings.intendedStaff.en).toMatch(/^This level is recommended for employees who work with confidential information/);
    expect(settings.intendedStaff.ru).toMatch(/^Этот уровень рекомендуется/);
  });
});
