import { HarkError } from '@hark/core';
import type { Hark } from './createHark.js';

/** The tag name of the inline survey element. */
export const SURVEY_ELEMENT = 'hark-survey';

/**
 * Defines `<hark-survey survey-id="…">`, which renders that survey inline
 * wherever it is placed (plain HTML, Vue, Svelte, Angular…) through `hark`.
 * It places the survey when connected (page content: asking, its thank-you
 * once answered, or nothing, by the survey's own rules) and removes it, with
 * no record, when disconnected. A second definition is ignored.
 */
export function defineSurveyElement(hark: Hark, registry: CustomElementRegistry = customElements): void {
  if (registry.get(SURVEY_ELEMENT)) return;
  // Declared inside the function: HTMLElement does not exist where this module may be imported (SSR).
  class HarkSurveyElement extends HTMLElement {
    static observedAttributes = ['survey-id'];
    private cleanup: (() => void) | null = null;

    connectedCallback() {
      this.mount();
    }

    disconnectedCallback() {
      this.cleanup?.();
      this.cleanup = null;
    }

    attributeChangedCallback() {
      if (!this.isConnected) return;
      this.disconnectedCallback();
      this.mount();
    }

    private mount() {
      if (this.cleanup) return;
      const surveyId = this.getAttribute('survey-id');
      if (!surveyId) {
        console.error(new HarkError('invalid_argument', '<hark-survey> needs a survey-id attribute naming one of your surveys', { field: 'survey-id' }));
        return;
      }
      this.cleanup = hark.mountSurvey(this, surveyId);
    }
  }
  registry.define(SURVEY_ELEMENT, HarkSurveyElement);
}
