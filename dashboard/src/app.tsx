import { useEffect } from 'preact/hooks';
import { accessKey } from './access-key.ts';
import { ConnectionBanner } from './components/connection-banner.tsx';
import { Notice } from './components/key-gate.tsx';
import { t } from './i18n.ts';
import { AccountPage } from './pages/account-page.tsx';
import { AdminPage } from './pages/admin-page.tsx';
import { AuditPage } from './pages/audit-page.tsx';
import { ChairPage } from './pages/chair-page.tsx';
import { DisplayPage } from './pages/display-page.tsx';
import { HomePage } from './pages/home-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { MeetingPage } from './pages/meeting-page.tsx';
import { MeetingsPage } from './pages/meetings-page.tsx';
import { SeatPage } from './pages/seat-page.tsx';
import { TechnicianPage } from './pages/technician-page.tsx';
import { TranscriptPage } from './pages/transcript-page.tsx';
import { connectRoom } from './room-socket.ts';
import { startClock, stopClock } from './room-store.ts';
import { needsKey, type Route } from './route.ts';

export function App({ route }: { route: Route }) {
  useEffect(() => {
    if (route.page === 'not-found') return;
    const key = needsKey(route) ? accessKey() : null;
    // A paired page without a key only shows the pairing message: no feed to follow. The chair
    // console without a key follows the feed as the logged-in person (the meeting's chair).
    if (needsKey(route) && !key && route.page !== 'chair') return;
    const socket = connectRoom({ key });
    startClock();
    return () => {
      socket.close();
      stopClock();
    };
  }, [route]);

  return (
    <>
      <ConnectionBanner />
      <Page route={route} />
    </>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'display':
      return <DisplayPage />;
    case 'chair':
      return <ChairPage />;
    case 'seat':
      return <SeatPage seat={route.seat} />;
    case 'technician':
      return <TechnicianPage />;
    case 'home':
      return <HomePage />;
    case 'login':
      return <LoginPage />;
    case 'account':
      return <AccountPage />;
    case 'admin':
      return <AdminPage />;
    case 'admin-audit':
      return <AuditPage />;
    case 'meetings':
      return <MeetingsPage />;
    case 'meeting':
      return <MeetingPage id={route.id} />;
    case 'transcript':
      return <TranscriptPage id={route.id} />;
    case 'not-found':
      return (
        <Notice testid="not-found" title={t.value.notFound} tone="error">
          <a href="/display">{t.value.wallDisplay}</a>
        </Notice>
      );
  }
}
