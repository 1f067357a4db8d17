// Copying text for the person at the screen: the clipboard API where the page is a secure context;
// on plain http (the room's network), the old way, from a selected field off screen.
import './clipboard.css';

/** True when the text reached the clipboard. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API: fall through to the selected field.
  }
  const el = document.createElement('textarea');
  el.value = text;
  el.setAttribute('readonly', '');
  el.className = 'clipboard-scratch';
  document.body.append(el);
  el.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  el.remove();
  return ok;
}
