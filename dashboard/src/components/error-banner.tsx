import { useEffect } from 'preact/hooks';
import { dismissError, lastError } from '../api.ts';
import { errorText, t } from '../i18n.ts';

const SHOW_MS = 12_000;

/** The last refusal from the appliance, in the current language, until dismissed (or 12 s). */
export function ErrorBanner() {
  const e = lastError.value;
  useEffect(() => {
    if (!e) return;
    const timer = setTimeout(() => {
      if (lastError.peek()?.id === e.id) dismissError();
    }, SHOW_MS);
    return () => clearTimeout(timer);
  }, [e?.id]);
  if (!e) return null;
  return (
    <div class="banner banner--error" role="alert" data-testid="error-banner" data-code={e.code}>
      <span class="banner__text">{errorText(t.value, e.code, e.message)}</span>
      <button type="button" class="banner__close" onClick={dismissError}>
        {t.value.dismiss}
      </button>
    </div>
  );
}
