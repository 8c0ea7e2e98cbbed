import './styles.css';
import { App } from './app';
import type { Boot } from './boot';
import { ErrorPage } from './components/error-page';
import { mountPage } from './mount';

function Root({ boot }: { boot: Boot }) {
  if (boot.view === 'app') return <App boot={boot} />;
  if (boot.view === 'error') return <ErrorPage error={boot.error} localPortalUrl={boot.localPortalUrl} />;
  // The install boot belongs to install.html; arriving here means a wrong URL was configured.
  return <ErrorPage error={{ code: 'WRONG_PAGE', message: 'This page expected the app, not the installer.' }} />;
}

mountPage((boot) => <Root boot={boot} />);
