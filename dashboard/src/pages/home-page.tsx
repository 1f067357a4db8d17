import { TopBar } from '../components/top-bar.tsx';
import { t } from '../i18n.ts';

export function HomePage() {
  const m = t.value;
  return (
    <div class="page page--home">
      <TopBar role={m.homeIntro} />
      <main class="home">
        <a class="home__link" href="/display">
          <span class="home__link-title">{m.wallDisplay}</span>
          <span class="home__link-path">/display</span>
        </a>
        <p class="home__note">{m.homePaired}</p>
      </main>
    </div>
  );
}
