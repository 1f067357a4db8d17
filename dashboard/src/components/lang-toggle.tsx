import { LANGS, lang, MESSAGES, setLang, t } from '../i18n.ts';

/** Tiếng Việt | English, remembered on this device. */
export function LangToggle() {
  return (
    <fieldset class="lang-toggle" aria-label={t.value.langLabel}>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          class="lang-toggle__option"
          aria-pressed={lang.value === l}
          data-testid={`lang-${l}`}
          lang={l}
          onClick={() => setLang(l)}
        >
          {MESSAGES[l].langName}
        </button>
      ))}
    </fieldset>
  );
}
