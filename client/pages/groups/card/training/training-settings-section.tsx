import { useMemo } from 'preact/hooks';
import { useResource } from '../../../../components/use-resource';
import { useI18n } from '../../../../i18n/i18n';
import { CardSection, LoadBlock } from '../../groups-parts';
import { useGroupsNav } from '../../groups-route';
import type { GroupCard } from '../../groups-types';
import { trainingClient } from './training-client';
import { TrainingSettingsForm } from './training-settings-form';
import { TrainingSettingsView } from './training-settings-view';
import './training-settings.css';

/**
 * The group's training settings on its card (issue 10 part 1; PRODUCT.md sections 3 and 5): an
 * edit form for whoever may edit the group, a read-only account for others who open the card;
 * both with the group plan the settings make.
 */
export function TrainingSettingsSection(props: { group: GroupCard }) {
  const { t } = useI18n();
  const nav = useGroupsNav();
  const client = useMemo(() => trainingClient(nav.api), [nav.api]);
  const settings = useResource(() => client.settings(props.group.id), [props.group.id]);
  const stored = settings.state.data;
  return (
    <CardSection id="group-training-title" testId="group-training" title={t('training.title')}>
      {!stored ? (
        <LoadBlock resource={settings.state} reload={settings.reload} testId="group-training" />
      ) : props.group.rights.edit ? (
        <TrainingSettingsForm client={client} group={props.group} stored={stored} onStored={settings.set} />
      ) : (
        <TrainingSettingsView client={client} group={props.group} stored={stored} />
      )}
    </CardSection>
  );
}
