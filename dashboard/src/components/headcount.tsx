// "Đại biểu có mặt 43/60": present over expected, in the top bar of the console and the display.
import { t } from '../i18n.ts';
import { view } from '../room-store.ts';

export function Headcount({ small = false }: { small?: boolean }) {
  const v = view.value;
  if (!v) return null;
  return (
    <span
      class={small ? 'headcount headcount--small' : 'headcount'}
      data-testid="headcount"
      data-present={v.present.length}
    >
      <span class="headcount__label">{t.value.presentCount}</span>
      <span class="headcount__value">
        {v.present.length}
        <span class="headcount__of">/{v.expected}</span>
      </span>
    </span>
  );
}
