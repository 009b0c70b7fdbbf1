import { HarkError } from '@hark/core';

/** The tag name of the inline survey element. */
export const SURVEY_ELEMENT = 'hark-survey';

/**
 * Defines `<hark-survey survey-id="…">`, which renders that survey inline
 * wherever it is placed (plain HTML, Vue, Svelte, Angular…) through `place`
 * (a host's, or the script tag's `hark.mountSurvey`). It places the survey
 * when connected (page content: asking, its thank-you once answered, or
 * nothing, by the survey's own rules) and removes it, with no record, when
 * disconnected. A second definition is ignored.
 */
export function defineSurveyElement(place: (container: Element, surveyId: string) => () => void, registry: CustomElementRegistry = customElements): void {
  if (registry.get(SURVEY_ELEMENT)) return;
  // Declared inside the function: HTMLElement does not exist where this module may be imported (SSR).
  class HarkSurveyElement extends HTMLElement {
    static observedAttributes = ['survey-id'];
    private cleanup?: () => void;

    connectedCallback() {
      const surveyId = this.getAttribute('survey-id');
      if (this.cleanup) return;
      if (!surveyId) {
        console.error(new HarkError('invalid_argument', '<hark-survey> needs a survey-id attribute naming one of your surveys', { field: 'survey-id' }));
        return;
      }
      this.cleanup = place(this, surveyId);
    }

    disconnectedCallback() {
      this.cleanup?.();
      this.cleanup = undefined;
    }

    attributeChangedCallback() {
      if (!this.isConnected) return;
      this.disconnectedCallback();
      this.connectedCallback();
    }
  }
  registry.define(SURVEY_ELEMENT, HarkSurveyElement);
}
