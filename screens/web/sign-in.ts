import { html } from './html.js';
import { layout } from './layout.js';
import type { Lang } from '../text/labels.js';
import { webWords } from './words.js';

export interface SignInView {
  lang: Lang;
  csrf: string;
  next: string;
  badge?: string;
  /** What went wrong with the last try, in words already. */
  message?: string;
}

export function signInPage(v: SignInView) {
  const w = webWords(v.lang);
  return layout(
    { lang: v.lang, title: w.signIn.title, here: '/signin' },
    html`<section class="signin">
  <h1>${w.signIn.title}</h1>
  ${v.message ? html`<p class="problem" role="alert">${v.message}</p>` : ''}
  <form method="post" action="/signin">
    <input type="hidden" name="_csrf" value="${v.csrf}">
    <input type="hidden" name="next" value="${v.next}">
    <label>${w.signIn.badge} <input name="badge" autocomplete="username" required value="${v.badge ?? ''}" autofocus></label>
    <label>${w.signIn.password} <input name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit">${w.signIn.submit}</button>
  </form>
</section>`,
  );
}
