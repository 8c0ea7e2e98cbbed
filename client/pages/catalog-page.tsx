import type { ApiClient } from '../api';
import type { Role } from '../boot';
import { CatalogSection } from './catalog/catalog-section';

/** The catalog of courses and tests (everyone), and authoring them (admins and moderators). */
export function CatalogPage(props: { api: ApiClient; role: Role }) {
  return <CatalogSection api={props.api} role={props.role} />;
}
