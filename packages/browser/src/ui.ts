import { registerUi, scriptLocaleLoader, scriptQuestions, type ScriptFor } from '@hark/widget/script';
import { renderSurfaces } from '@hark/widget/ui';
import { SRI_HASHES } from './sriHashes.js';

type LoadLocale = ReturnType<typeof scriptLocaleLoader>;

// The UI chunk's entry (hark-ui.min.js): widget, Preact, CSS and English, fetched by hark.min.js when
// needed. Other languages are files next to this one, which hark.min.js makes the tags for.
if (typeof window !== 'undefined') {
  // One loader per folder hark.min.js serves from: a language's file carries both its strings and its default
  // questions, and the client asks for the questions while the widget asks for the strings, so it is fetched once.
  const loaders = new Map<ScriptFor | undefined, LoadLocale>();
  const locales = (scriptFor: ScriptFor | undefined) => {
    const found = loaders.get(scriptFor) ?? scriptLocaleLoader(window, scriptFor, SRI_HASHES);
    loaders.set(scriptFor, found);
    return found;
  };
  registerUi(window, {
    mountSurfaces: (client, options, scriptFor) => renderSurfaces(client, { loadLocale: locales(scriptFor), ...options }),
    questions: (lang, scriptFor) => scriptQuestions(window, locales(scriptFor))(lang),
  });
}
